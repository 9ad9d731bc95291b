package app

// Options are the command-line choices of one run.
type Options struct {
	DBPath     string
	Sample     bool
	Generate   int
	Export     string
	Delegation string
	Lang       string
}

// Headless reports whether the run does its work without a window.
func (o Options) Headless() bool {
	return o.Sample || o.Generate != 0 || o.Export != ""
}
