package pages

import (
	"net/http"

	"golang.org/x/text/language"

	catalogue "github.com/valetops/assistance/texts"
)

// texts are the words of the pages in one language, by key: the catalogues
// the notices use too (package texts), so pages and notices say the same.
type texts = catalogue.Catalogue

// languages are the pages' languages; the first is the default.
var languages = []texts{french, english}

var matcher = language.NewMatcher([]language.Tag{language.French, language.English})

// textsFor picks the texts the browser asks for: English when it prefers it,
// French otherwise.
func textsFor(r *http.Request) texts {
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return french
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return french
	}
	return languages[i]
}
