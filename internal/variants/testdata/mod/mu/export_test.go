package mu

func (g *Guard) Lock()   { g.held = true }
func (g *Guard) Unlock() { g.held = false }
