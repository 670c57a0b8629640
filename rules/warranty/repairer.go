package warranty

import (
	"strings"
)

// IsRepairer reports whether a tow destination is a repairer (an authorised
// repairer, a garage, a dealer): a vehicle towed there may be repaired under
// its warranty. A charging point or a lessor's site is not.
func IsRepairer(destination string) bool {
	for _, w := range []string{"repairer", "garage", "dealer", "workshop"} {
		if strings.Contains(destination, w) {
			return true
		}
	}
	return false
}
