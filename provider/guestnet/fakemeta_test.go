//go:build root

package guestnet

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// fakeMetadata serves the ENI part of the Alibaba Cloud instance metadata and,
// when hardened, demands the session token like the real service.
type fakeMetadata struct {
	mu         sync.Mutex
	hardened   bool
	primaryMAC string
	enis       map[string]*fakeEni // by MAC
	order      []string            // MACs in listing order
	tokenGets  int
	faults     map[string]*fault // by item name (private-ipv4s, ipv6s, ...)
	tokenFails int               // token requests still to refuse
}

// fault makes the fake answer an item badly: with status (429, 500), with
// nothing for longer than the program waits (timeout), with an empty body
// (empty) or with a body that is not a list (malformed). times counts the
// bad answers left; 0 means every answer is bad.
type fault struct {
	kind  string
	times int
}

// failFor makes every ENI's item answer badly.
func (f *fakeMetadata) failFor(item, kind string, times int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.faults == nil {
		f.faults = map[string]*fault{}
	}
	f.faults[item] = &fault{kind: kind, times: times}
}

// heal ends every fault.
func (f *fakeMetadata) heal() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = nil
}

type fakeEni struct {
	primaryIP, cidr, gateway string
	secondaries              []string
	ipv6s                    []string
	cidr6, gateway6          string
}

const fakeToken = "AAAA-test-token"

func (f *fakeMetadata) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.URL.Path == "/latest/api/token" {
		if f.tokenFails > 0 {
			f.tokenFails--
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		if r.Method != http.MethodPut || r.Header.Get("X-aliyun-ecs-metadata-token-ttl-seconds") == "" {
			http.Error(w, "bad token request", http.StatusBadRequest)
			return
		}
		_, _ = w.Write([]byte(fakeToken))
		return
	}
	if f.hardened && r.Header.Get("X-aliyun-ecs-metadata-token") != fakeToken {
		http.Error(w, "token required", http.StatusUnauthorized)
		return
	}
	f.tokenGets++
	path, ok := strings.CutPrefix(r.URL.Path, "/latest/meta-data/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	if path == "mac" {
		_, _ = w.Write([]byte(f.primaryMAC))
		return
	}
	if path == "network/interfaces/macs/" {
		for _, m := range f.order {
			_, _ = w.Write([]byte(m + "/\n"))
		}
		return
	}
	rest, ok := strings.CutPrefix(path, "network/interfaces/macs/")
	mac, item, _ := strings.Cut(rest, "/")
	if ft := f.faults[item]; ok && ft != nil {
		kind := ft.kind
		if ft.times > 0 {
			if ft.times--; ft.times == 0 {
				delete(f.faults, item)
			}
		}
		switch kind {
		case "timeout":
			f.mu.Unlock()
			time.Sleep(5 * time.Second)
			f.mu.Lock()
			return
		case "empty":
			return
		case "malformed":
			_, _ = w.Write([]byte("<html>busy</html>"))
			return
		case "429":
			http.Error(w, "throttled", http.StatusTooManyRequests)
			return
		case "500":
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		case "404":
			http.NotFound(w, r)
			return
		}
	}
	e := f.enis[mac]
	if !ok || e == nil {
		http.NotFound(w, r)
		return
	}
	quoted := func(xs []string) string {
		q := make([]string, len(xs))
		for i, x := range xs {
			q[i] = `"` + x + `"`
		}
		return "[" + strings.Join(q, ",") + "]"
	}
	var body string
	switch item {
	case "primary-ip-address":
		body = e.primaryIP
	case "vswitch-cidr-block":
		body = e.cidr
	case "gateway":
		body = e.gateway
	case "private-ipv4s":
		body = quoted(append([]string{e.primaryIP}, e.secondaries...))
	case "ipv6s":
		if len(e.ipv6s) == 0 {
			http.NotFound(w, r)
			return
		}
		body = quoted(e.ipv6s)
	case "ipv6-gateway":
		body = e.gateway6
	case "vswitch-ipv6-cidr-block":
		body = e.cidr6
	}
	if body == "" {
		http.NotFound(w, r)
		return
	}
	_, _ = w.Write([]byte(body))
}

// drop removes a secondary address from every ENI.
func (f *fakeMetadata) drop(ip string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range f.enis {
		var keep []string
		for _, s := range e.secondaries {
			if s != ip {
				keep = append(keep, s)
			}
		}
		e.secondaries = keep
	}
}

// detach removes an ENI from the listing and its items.
func (f *fakeMetadata) detach(mac string) *fakeEni {
	f.mu.Lock()
	defer f.mu.Unlock()
	e := f.enis[mac]
	delete(f.enis, mac)
	var keep []string
	for _, m := range f.order {
		if m != mac {
			keep = append(keep, m)
		}
	}
	f.order = keep
	return e
}

// attach lists an ENI again, last.
func (f *fakeMetadata) attach(mac string, e *fakeEni) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.enis[mac] = e
	f.order = append(f.order, mac)
}
