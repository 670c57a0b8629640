// Package testkeys holds payload encryption keys committed for tests only:
// the key ring of the recorded histories under testsuite/testdata/histories.
// They protect no real case; never use them outside tests.
package testkeys

import (
	"fmt"

	"github.com/valetops/assistance/encryption"
)

// histories is the key ring of the recorded histories under
// testsuite/testdata/histories, committed for that purpose only: it protects
// no real case. The folders recorded before payload encryption were encrypted
// afterwards with the older key (history-test-1), so the replay test also
// proves that a history written under a rotated key still replays; new
// recordings use the newest key. Never use these keys outside tests.
const histories = `
history-test-1:onuNeQQqo3IM19L8rvxsOKTJkybdLpfqlw4bxwwnHR4=
history-test-2:DWF/WfmPvbEQO6vElNl1XAcPZKyG5NM/qCQZVrdLqLo=
`

// Histories returns the key ring of the recorded histories.
func Histories() *encryption.Keys {
	k, err := encryption.ParseKeys(histories)
	if err != nil {
		panic(fmt.Sprintf("testkeys: the keys of the recorded histories do not parse: %v", err))
	}
	return k
}
