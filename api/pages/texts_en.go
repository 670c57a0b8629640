package pages

import catalogue "github.com/valetops/assistance/texts"

// english holds every text of the pages in English, for a browser that asks for
// it (package texts, shared with the notices).
var english = catalogue.For(catalogue.English)
