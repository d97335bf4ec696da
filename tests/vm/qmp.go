package vm

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"sync"
	"time"
)

// qmpTimeout bounds one QMP exchange.
const qmpTimeout = 15 * time.Second

// QMP talks to a QEMU monitor over its unix socket (-qmp unix:PATH,server=on).
// Every command opens its own connection: QEMU serves one client at a time,
// and a fresh connection carries no stale events.
type QMP struct {
	path string
	mu   sync.Mutex
}

// qmpReply is one line QEMU sends: a greeting, a reply or an event.
type qmpReply struct {
	QMP    json.RawMessage `json:"QMP"`
	Return json.RawMessage `json:"return"`
	Error  *struct {
		Class string `json:"class"`
		Desc  string `json:"desc"`
	} `json:"error"`
	Event string `json:"event"`
}

// Execute runs one QMP command with arguments (nil for none) and returns its
// "return" value.
func (q *QMP) Execute(command string, args any) (json.RawMessage, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	conn, err := net.DialTimeout("unix", q.path, qmpTimeout)
	if err != nil {
		return nil, fmt.Errorf("qmp %s: %w", command, err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(qmpTimeout))
	r := bufio.NewReader(conn)
	read := func() (qmpReply, error) {
		for {
			line, err := r.ReadBytes('\n')
			if err != nil {
				return qmpReply{}, err
			}
			var m qmpReply
			if err := json.Unmarshal(line, &m); err != nil {
				return qmpReply{}, fmt.Errorf("%w: %s", err, line)
			}
			if m.Event == "" {
				return m, nil
			}
		}
	}
	send := func(cmd string, args any) (json.RawMessage, error) {
		msg := map[string]any{"execute": cmd}
		if args != nil {
			msg["arguments"] = args
		}
		b, _ := json.Marshal(msg)
		if _, err := conn.Write(append(b, '\n')); err != nil {
			return nil, err
		}
		m, err := read()
		if err != nil {
			return nil, err
		}
		if m.Error != nil {
			return nil, fmt.Errorf("%s: %s", m.Error.Class, m.Error.Desc)
		}
		return m.Return, nil
	}
	if greeting, err := read(); err != nil || greeting.QMP == nil {
		return nil, fmt.Errorf("qmp %s: no greeting: %v", command, err)
	}
	if _, err := send("qmp_capabilities", nil); err != nil {
		return nil, fmt.Errorf("qmp_capabilities: %w", err)
	}
	out, err := send(command, args)
	if err != nil {
		return nil, fmt.Errorf("qmp %s %v: %w", command, args, err)
	}
	return out, nil
}

// peripherals lists the ids of the devices added with an id (device_add,
// -device id=...).
func (q *QMP) peripherals() ([]string, error) {
	out, err := q.Execute("qom-list", map[string]any{"path": "/machine/peripheral"})
	if err != nil {
		return nil, err
	}
	var props []struct {
		Name string `json:"name"`
		Type string `json:"type"`
	}
	if err := json.Unmarshal(out, &props); err != nil {
		return nil, err
	}
	var ids []string
	for _, p := range props {
		if len(p.Type) > 6 && p.Type[:6] == "child<" {
			ids = append(ids, p.Name)
		}
	}
	return ids, nil
}
