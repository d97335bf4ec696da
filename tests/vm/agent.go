package vm

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"time"
)

// Agent runs commands inside a VM through the QEMU guest agent
// (qemu-guest-agent on a virtio-serial port, a unix socket on the host),
// never over the VM's network. Every call opens its own connection and
// starts with guest-sync-delimited, which discards whatever an earlier
// connection or an earlier boot left in the channel.
type Agent struct {
	path string
	mu   sync.Mutex
}

// ExecResult is the outcome of a command run in the guest.
type ExecResult struct {
	// ExitCode is the command's exit status.
	ExitCode int
	// Stdout and Stderr are its outputs.
	Stdout, Stderr string
}

// agentConn is one connection to the agent.
type agentConn struct {
	conn net.Conn
	r    *bufio.Reader
}

// dial connects and synchronises; wait bounds the wait for the agent's answer.
func (a *Agent) dial(wait time.Duration) (*agentConn, error) {
	conn, err := net.DialTimeout("unix", a.path, wait)
	if err != nil {
		return nil, err
	}
	c := &agentConn{conn: conn, r: bufio.NewReader(conn)}
	_ = conn.SetDeadline(time.Now().Add(wait))
	id := rand.Int64N(1 << 40)
	req, _ := json.Marshal(map[string]any{"execute": "guest-sync-delimited", "arguments": map[string]any{"id": id}})
	if _, err := conn.Write(append(append([]byte{0xff}, req...), '\n')); err != nil {
		conn.Close()
		return nil, err
	}
	// The agent answers a sentinel 0xff byte first; what comes before it is stale.
	if _, err := c.r.ReadBytes(0xff); err != nil {
		conn.Close()
		return nil, fmt.Errorf("guest agent did not answer: %w", err)
	}
	for {
		var got int64
		if err := c.read(&got); err != nil {
			conn.Close()
			return nil, err
		}
		if got == id {
			return c, nil
		}
	}
}

// read decodes the next reply's "return" into v.
func (c *agentConn) read(v any) error {
	line, err := c.r.ReadBytes('\n')
	if err != nil {
		return err
	}
	var m struct {
		Return json.RawMessage `json:"return"`
		Error  *struct {
			Class string `json:"class"`
			Desc  string `json:"desc"`
		} `json:"error"`
	}
	if err := json.Unmarshal(line, &m); err != nil {
		return fmt.Errorf("guest agent: %w: %q", err, line)
	}
	if m.Error != nil {
		return fmt.Errorf("guest agent: %s: %s", m.Error.Class, m.Error.Desc)
	}
	if v == nil {
		return nil
	}
	return json.Unmarshal(m.Return, v)
}

// call sends a command and decodes its return value into v.
func (c *agentConn) call(command string, args any, v any) error {
	msg := map[string]any{"execute": command}
	if args != nil {
		msg["arguments"] = args
	}
	b, _ := json.Marshal(msg)
	if _, err := c.conn.Write(append(b, '\n')); err != nil {
		return err
	}
	return c.read(v)
}

// Ping reports whether the agent answers within wait.
func (a *Agent) Ping(wait time.Duration) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	c, err := a.dial(wait)
	if err != nil {
		return err
	}
	return c.conn.Close()
}

// WaitReady waits until the agent answers or ctx ends.
func (a *Agent) WaitReady(ctx context.Context) error {
	for {
		err := a.Ping(3 * time.Second)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("guest agent not ready: %w (last: %v)", ctx.Err(), err)
		case <-time.After(time.Second):
		}
	}
}

// Exec runs a program with arguments in the guest and waits for it, at most
// timeout.
func (a *Agent) Exec(timeout time.Duration, path string, args ...string) (ExecResult, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c, err := a.dial(10 * time.Second)
	if err != nil {
		return ExecResult{}, err
	}
	defer c.conn.Close()
	deadline := time.Now().Add(timeout)
	_ = c.conn.SetDeadline(deadline.Add(10 * time.Second))
	var started struct {
		PID int `json:"pid"`
	}
	if err := c.call("guest-exec", map[string]any{"path": path, "arg": args, "capture-output": true}, &started); err != nil {
		return ExecResult{}, fmt.Errorf("%s %s: %w", path, strings.Join(args, " "), err)
	}
	for {
		var st struct {
			Exited   bool   `json:"exited"`
			ExitCode int    `json:"exitcode"`
			Signal   int    `json:"signal"`
			Out      string `json:"out-data"`
			Err      string `json:"err-data"`
		}
		if err := c.call("guest-exec-status", map[string]any{"pid": started.PID}, &st); err != nil {
			return ExecResult{}, err
		}
		if st.Exited {
			out, err1 := base64.StdEncoding.DecodeString(st.Out)
			errOut, err2 := base64.StdEncoding.DecodeString(st.Err)
			res := ExecResult{ExitCode: st.ExitCode, Stdout: string(out), Stderr: string(errOut)}
			if st.Signal != 0 {
				res.ExitCode = 128 + st.Signal
			}
			return res, errors.Join(err1, err2)
		}
		if time.Now().After(deadline) {
			return ExecResult{}, fmt.Errorf("%s %s: still running after %s", path, strings.Join(args, " "), timeout)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Sh runs a shell script in the guest and returns its standard output; a
// non-zero exit is an error carrying both outputs.
func (a *Agent) Sh(script string) (string, error) {
	res, err := a.Exec(2*time.Minute, "/bin/sh", "-c", script)
	if err != nil {
		return "", err
	}
	if res.ExitCode != 0 {
		return res.Stdout, fmt.Errorf("guest: %q exited %d: %s%s", script, res.ExitCode, res.Stdout, res.Stderr)
	}
	return res.Stdout, nil
}
