//go:build !unix

package devserver

import (
	"os"
	"path/filepath"
)

// lockDataDir only opens a marker file where flock is unavailable: two
// servers on one directory are not detected there.
func lockDataDir(dir string) (*os.File, error) {
	return os.OpenFile(filepath.Join(dir, "LOCK"), os.O_CREATE|os.O_RDWR, 0o644)
}
