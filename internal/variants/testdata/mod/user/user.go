package user

import "example.com/v/gate"

func Set() { gate.Global.On = 1 }
