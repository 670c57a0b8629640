// Package pgtest runs a throwaway PostgreSQL server from the machine's own
// installation (Debian's `postgresql` package: initdb, postgres and pg_ctl
// under /usr/lib/postgresql/VERSION/bin), for the tests and measurements of
// the cluster shape: Temporal on PostgreSQL. The cluster lives in a directory
// of its own, listens on loopback only, and is removed when it stops.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"time"
)

// User is the database superuser the throwaway cluster is created with.
const User = "temporal"

// Server is a running throwaway PostgreSQL cluster.
type Server struct {
	// URL reaches the server as User, e.g. postgres://temporal@127.0.0.1:5433?sslmode=disable.
	URL  string
	Port int
	dir  string
	bin  string
	cred *syscall.Credential
	log  string
}

// Binaries returns the directory of initdb, postgres and pg_ctl: the newest
// /usr/lib/postgresql/VERSION/bin, or the directory of initdb on the PATH.
func Binaries() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("pgtest: PostgreSQL is not installed (no initdb): `apt-get install -y postgresql` (Debian) installs it")
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// Start creates a cluster in a new directory under parent and starts it on a
// free loopback port. PostgreSQL refuses to run as root: as root, the
// cluster's files belong to the `postgres` system user (created by Debian's
// package) and the server runs as that user.
func Start(ctx context.Context, parent string) (*Server, error) {
	bin, err := Binaries()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, "pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, bin: bin, log: filepath.Join(dir, "server.log")}
	if os.Geteuid() == 0 {
		if s.cred, err = credentialOf("postgres"); err != nil {
			return nil, err
		}
		// The path down to the cluster must be searchable by that user.
		for d := dir; d != "/" && d != "."; d = filepath.Dir(d) {
			if fi, err := os.Stat(d); err == nil && fi.Mode().Perm()&0o001 == 0 {
				_ = os.Chmod(d, fi.Mode().Perm()|0o001)
			}
		}
		if err := os.Chown(dir, int(s.cred.Uid), int(s.cred.Gid)); err != nil {
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.run(ctx, "initdb", "-D", data, "-U", User, "--auth=trust", "-E", "UTF8", "--no-sync"); err != nil {
		return nil, fmt.Errorf("pgtest: initdb: %w\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s.Port = port
	// Loopback only, the socket in the cluster's own directory, and the
	// durability of a test database (the cluster is thrown away).
	opts := fmt.Sprintf("-h 127.0.0.1 -p %d -k %s -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", port, dir)
	if out, err := s.run(ctx, "pg_ctl", "-D", data, "-l", s.log, "-o", opts, "-w", "-t", "60", "start"); err != nil {
		return nil, fmt.Errorf("pgtest: pg_ctl start: %w\n%s\n%s", err, out, s.Log())
	}
	s.URL = fmt.Sprintf("postgres://%s@127.0.0.1:%d?sslmode=disable", User, port)
	return s, nil
}

// Durable turns the throwaway settings back to PostgreSQL's defaults (fsync
// and synchronous commit on), for measurements on durable storage.
func (s *Server) Durable(ctx context.Context) error {
	conf := filepath.Join(s.dir, "data", "postgresql.auto.conf")
	f, err := os.OpenFile(conf, os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = f.WriteString("fsync = on\nsynchronous_commit = on\nfull_page_writes = on\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	// Command-line options win over the conf file: restart without them.
	data := filepath.Join(s.dir, "data")
	opts := fmt.Sprintf("-h 127.0.0.1 -p %d -k %s -c max_connections=300", s.Port, s.dir)
	if out, err := s.run(ctx, "pg_ctl", "-D", data, "-l", s.log, "-o", opts, "-w", "-t", "60", "restart"); err != nil {
		return fmt.Errorf("pgtest: pg_ctl restart: %w\n%s", err, out)
	}
	return nil
}

// Size is the size on disk of the cluster's data directory, in bytes.
func (s *Server) Size() int64 {
	var n int64
	_ = filepath.Walk(filepath.Join(s.dir, "data"), func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// Log returns the end of the server's log.
func (s *Server) Log() string {
	b, _ := os.ReadFile(s.log)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// Stop stops the server (fast shutdown) and removes its directory.
func (s *Server) Stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := s.run(ctx, "pg_ctl", "-D", filepath.Join(s.dir, "data"), "-m", "fast", "-w", "stop")
	if err != nil {
		err = fmt.Errorf("pgtest: pg_ctl stop: %w\n%s", err, out)
	}
	return errors.Join(err, os.RemoveAll(s.dir))
}

// run runs one of the server's programs, as the cluster's owner.
func (s *Server) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(s.bin, name), args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	return cmd.CombinedOutput()
}

func credentialOf(name string) (*syscall.Credential, error) {
	u, err := user.Lookup(name)
	if err != nil {
		return nil, fmt.Errorf("pgtest: running as root needs the %q system user that Debian's postgresql package creates: %w", name, err)
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, err
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, err
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer func() { _ = l.Close() }()
	return l.Addr().(*net.TCPAddr).Port, nil
}
