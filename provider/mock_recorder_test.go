package provider

import (
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// recordedResource is one registration a mock saw.
type recordedResource struct {
	Token    string
	Name     string
	Inputs   resource.PropertyMap
	Provider string
	Request  *pulumirpc.RegisterResourceRequest
}

// recorder keeps the registrations and invokes a mock saw; the mocks embed it.
type recorder struct {
	mu       sync.Mutex
	recorded []recordedResource
	invokes  []pulumi.MockCallArgs
}

// record notes a registration; the caller holds mu.
func (r *recorder) record(args pulumi.MockResourceArgs) {
	r.recorded = append(r.recorded, recordedResource{args.TypeToken, args.Name, args.Inputs, args.Provider, args.RegisterRPC})
}

// byToken returns the recorded resources of one type, in registration order.
func (r *recorder) byToken(token string) []recordedResource {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []recordedResource
	for _, rr := range r.recorded {
		if rr.Token == token {
			out = append(out, rr)
		}
	}
	return out
}

// byName returns the recorded resource with this name.
func (r *recorder) byName(t testing.TB, name string) recordedResource {
	t.Helper()
	rr, ok := r.find(name)
	if !ok {
		t.Fatalf("no resource named %s", name)
	}
	return rr
}

// find returns the recorded resource with this name, if any.
func (r *recorder) find(name string) (recordedResource, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rr := range r.recorded {
		if rr.Name == name {
			return rr, true
		}
	}
	return recordedResource{}, false
}

// names lists the recorded names of one type, in registration order.
func (r *recorder) names(token string) []string {
	var out []string
	for _, rr := range r.byToken(token) {
		out = append(out, rr.Name)
	}
	return out
}

// capture records the resolved values of outputs for assertions after the program ran.
type capture struct {
	mu     sync.Mutex
	values map[string]any
}

// set records out's value under key once it resolves; unknown values are never recorded.
func (c *capture) set(key string, out pulumi.Output) {
	out.ApplyT(func(v any) any {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.values == nil {
			c.values = map[string]any{}
		}
		c.values[key] = v
		return nil
	})
}

// get returns the value recorded under key.
func (c *capture) get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.values[key]
	return v, ok
}
