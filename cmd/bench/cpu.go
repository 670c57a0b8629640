package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// cpuTime is the processor time a process has used so far (user and system),
// read from /proc; zero where /proc is not there.
func cpuTime(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name (which may hold spaces) in parentheses.
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	const ticksPerSecond = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticksPerSecond
}

// cpuMeter measures the processor time a phase costs the worker (its own
// process) and the rest (this process: the Temporal server, the API, the
// simulator and the bench's own calls).
type cpuMeter struct {
	worker             int
	workerAt, serverAt time.Duration
}

func startCPU(worker int) *cpuMeter {
	return &cpuMeter{worker: worker, workerAt: cpuTime(worker), serverAt: cpuTime(os.Getpid())}
}

// perCase is the processor time per case since the meter started, in the
// worker and in the rest.
func (m *cpuMeter) perCase(n int) (worker, rest time.Duration) {
	if n <= 0 {
		return 0, 0
	}
	return (cpuTime(m.worker) - m.workerAt) / time.Duration(n), (cpuTime(os.Getpid()) - m.serverAt) / time.Duration(n)
}
