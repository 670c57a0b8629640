package pages

import catalogue "github.com/valetops/assistance/texts"

// french holds every text of the pages in French, the default language (package
// texts, shared with the notices).
var french = catalogue.For(catalogue.French)
