package forms

// Fyne's lang package reads the locale as it initialises: quiet it on
// "C.UTF-8" systems before that (see the package's doc).
import _ "a.giamsat/earlylocale"
