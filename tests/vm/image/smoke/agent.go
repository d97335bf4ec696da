package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"time"
)

// agent speaks the QEMU guest agent's protocol (one JSON object per line)
// over the VM's virtio-serial port.
type agent struct {
	path string
	conn net.Conn
	r    *bufio.Reader
	id   int64
}

// call sends one command and decodes its "return" into out.
func (a *agent) call(cmd string, args, out any, timeout time.Duration) error {
	if a.conn == nil {
		if err := a.connect(); err != nil {
			return err
		}
	}
	req := map[string]any{"execute": cmd}
	if args != nil {
		req["arguments"] = args
	}
	b, _ := json.Marshal(req)
	_ = a.conn.SetDeadline(time.Now().Add(timeout))
	if _, err := a.conn.Write(append(b, '\n')); err != nil {
		a.reset()
		return err
	}
	line, err := a.r.ReadBytes('\n')
	if err != nil {
		a.reset()
		return err
	}
	var resp struct {
		Return json.RawMessage `json:"return"`
		Error  *struct {
			Desc string `json:"desc"`
		} `json:"error"`
	}
	if err := json.Unmarshal(line, &resp); err != nil {
		a.reset()
		return fmt.Errorf("guest agent: %w: %s", err, line)
	}
	if resp.Error != nil {
		return fmt.Errorf("guest agent %s: %s", cmd, resp.Error.Desc)
	}
	if out != nil {
		return json.Unmarshal(resp.Return, out)
	}
	return nil
}

// connect opens the socket and synchronises: answers to earlier, timed-out
// requests are read and dropped until the answer to guest-sync arrives.
func (a *agent) connect() error {
	conn, err := net.Dial("unix", a.path)
	if err != nil {
		return err
	}
	a.conn, a.r = conn, bufio.NewReader(conn)
	a.id++
	want := time.Now().UnixNano()%1e9 + a.id
	b, _ := json.Marshal(map[string]any{"execute": "guest-sync", "arguments": map[string]any{"id": want}})
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Write(append(b, '\n')); err != nil {
		a.reset()
		return err
	}
	for {
		line, err := a.r.ReadBytes('\n')
		if err != nil {
			a.reset()
			return fmt.Errorf("guest agent not answering: %w", err)
		}
		var resp struct {
			Return int64 `json:"return"`
		}
		if json.Unmarshal(line, &resp) == nil && resp.Return == want {
			return nil
		}
	}
}

func (a *agent) reset() {
	if a.conn != nil {
		_ = a.conn.Close()
	}
	a.conn, a.r = nil, nil
}

func (a *agent) close() { a.reset() }

// wait waits until the guest agent answers.
func (a *agent) wait(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		err := a.call("guest-ping", nil, nil, 5*time.Second)
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("guest agent: no answer within %s: %w", limit, err)
		}
		time.Sleep(2 * time.Second)
	}
}

// sh runs a shell command in the guest and returns its output (stdout and
// stderr) and exit code.
func (a *agent) sh(cmd string, limit time.Duration) (string, int, error) {
	var started struct {
		Pid int `json:"pid"`
	}
	if err := a.call("guest-exec", map[string]any{"path": "/bin/sh", "arg": []string{"-c", cmd + " 2>&1"}, "capture-output": true},
		&started, 10*time.Second); err != nil {
		return "", -1, err
	}
	deadline := time.Now().Add(limit)
	for {
		var st struct {
			Exited   bool   `json:"exited"`
			ExitCode int    `json:"exitcode"`
			OutData  string `json:"out-data"`
		}
		if err := a.call("guest-exec-status", map[string]any{"pid": started.Pid}, &st, 10*time.Second); err != nil {
			return "", -1, err
		}
		if st.Exited {
			out, _ := base64.StdEncoding.DecodeString(st.OutData)
			return string(out), st.ExitCode, nil
		}
		if time.Now().After(deadline) {
			return "", -1, fmt.Errorf("%q still running after %s", cmd, limit)
		}
		time.Sleep(500 * time.Millisecond)
	}
}
