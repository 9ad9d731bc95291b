package app

// Options are the command-line choices of one run.
type Options struct {
	DBPath     string
	Sample     bool
	Generate   int
	Export     string
	Delegation string
	Lang       string
	Backup     string // write a verified copy of the database there
	Check      bool   // check the database and print what is wrong
}

// Headless reports whether the run does its work without a window.
func (o Options) Headless() bool {
	return o.Sample || o.Generate != 0 || o.Export != "" || o.Backup != "" || o.Check
}
