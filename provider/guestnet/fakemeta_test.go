package guestnet

import (
	"net/http"
	"strings"
	"sync"
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
