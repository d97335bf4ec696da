package guestnet

import "os/exec"

// lookPath finds a tool on PATH; tests fail (never skip) when it is missing.
func lookPath(name string) (string, error) {
	return exec.LookPath(name)
}
