package shadow

func (Outer) Name() string { return "outer" }
