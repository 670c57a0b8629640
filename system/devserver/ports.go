package devserver

import (
	"fmt"
	"net"
)

// reservePorts listens on every address (port 0 = a free port) and returns
// the ports, all distinct. The listeners are held until all are open, then
// released: the Temporal server opens its own listeners, and exits the
// process (logger.Fatal) when one fails, so a busy port must be caught here.
func reservePorts(addrs ...hostPort) ([]int, error) {
	lns := make([]net.Listener, 0, len(addrs))
	defer func() {
		for _, ln := range lns {
			_ = ln.Close()
		}
	}()
	ports := make([]int, 0, len(addrs))
	for _, a := range addrs {
		ln, err := net.Listen("tcp", a.String())
		if err != nil {
			return nil, fmt.Errorf("devserver: cannot listen on %s: %w", a, err)
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
