//go:build !unix

package engine

import (
	"fmt"
	"os"
)

// lockFile creates path+".lock" exclusively; a stale lock file must be removed by hand.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if os.IsExist(err) {
			return nil, fmt.Errorf("%w: %s is being written by another congvu process (or a stale %s.lock is left: delete it if no congvu runs)", ErrLocked, path, path)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return f, nil
}

func unlockFile(f *os.File) error {
	if f == nil {
		return nil
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
