package app

// Options are the command-line choices of one run.
type Options struct {
	DBPath     string
	Sample     bool
	Generate   int
	Export     string
	Report     string // draft the delegation's report (.docx) there
	Notice     string // draft the notice of conclusions of a visit (.docx) there
	Visited    string // the date of the visit whose notice is drafted, when the commune had several
	Delegation string
	Date       string // the signing date of what is exported (dd/mm/yyyy; default today)
	Lang       string
	Backup     string // write a verified copy of the database there
	Check      bool   // check the database and print what is wrong

	// Exchange packages.
	ExportPackage  string // make a package there
	Commune        string // of this commune (by name)
	Recipient      string // for whom
	ChangesOnly    bool   // only what changed since the last package for Recipient
	Import         string // receive this package
	DryRun         bool   // say what receiving would do, write nothing
	Conflicts      string // "newer" (default), "mine" or "theirs"
	PassphraseFile string // the passphrase of an encrypted package

	// The province server (docs/server.md).
	ServerInit   string // set up the server at this URL
	ServerUser   string // add this user
	Role         string // the user's: commune, delegation or province
	Server       string // the server's URL
	ServerCert   string // the province's certificate (PEM) the server's is checked against
	PasswordFile string // with ServerUser the new user's password, with Sync the user's (first line)
	Sync         bool   // sync the database with the server
	User         string // with Sync, the user to connect as (else the URL's)

	ProgramVersion string
}

// Headless reports whether the run does its work without a window.
func (o Options) Headless() bool {
	return o.Sample || o.Generate != 0 || o.Export != "" || o.Report != "" || o.Notice != "" || o.Backup != "" || o.Check ||
		o.ExportPackage != "" || o.Import != "" || o.ServerInit != "" || o.ServerUser != "" || o.Sync
}
