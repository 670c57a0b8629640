package pages

import (
	"net/http"

	"golang.org/x/text/language"
)

// texts are the words of the pages in one language, by key.
type texts map[string]string

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

// word is t[key], or the raw value when the language has no word for it.
func (t texts) word(prefix, value string) string {
	if w, ok := t[prefix+value]; ok {
		return w
	}
	return value
}
