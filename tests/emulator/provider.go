// Package emulator is a local stand-in for Alibaba Cloud used by eipkit's
// tests: a Pulumi resource provider that answers to the "alicloud" package
// name, keeps an emulated cloud in a JSON state file and refuses what
// Alibaba Cloud refuses. It is a test double and is never shipped.
package emulator

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/eipkit/pulumi-alicloud-eip/alicloudpin"
)

// PluginVersion is the alicloud plugin version the emulator reports; eipkit's
// components pin this version.
const PluginVersion = alicloudpin.Version

// DefaultRegion is used when neither the provider configuration nor
// ALICLOUD_REGION names a region.
const DefaultRegion = "cn-hangzhou"

// Options configures an emulator instance.
type Options struct {
	// StatePath is the JSON state file; empty keeps the cloud in memory.
	StatePath string
}

// OptionsFromEnv reads the state path from ALICLOUD_EMULATOR_STATE, falling
// back to a file in the temporary directory.
func OptionsFromEnv() Options {
	path := os.Getenv(StateEnvVar)
	if path == "" {
		path = os.TempDir() + "/pulumi-alicloud-emulator-state.json"
	}
	return Options{StatePath: path}
}

// Emulator holds one provider instance: its configuration and the shared store.
type Emulator struct {
	st       *store
	region   string
	provider map[string]any
}

// call is the context of one operation on the emulated cloud.
type call struct {
	s        *State
	region   string
	provider map[string]any
	urn      string
}

// now returns a timestamp in Alibaba's format.
func now() string { return time.Now().UTC().Format("2006-01-02T15:04:05Z") }

// New returns the emulator as a pulumi-go-provider Provider.
func New(opts Options) p.Provider {
	e := &Emulator{st: &store{path: opts.StatePath}}
	e.configure(nil)
	return p.Provider{
		GetSchema: func(context.Context, p.GetSchemaRequest) (p.GetSchemaResponse, error) {
			return p.GetSchemaResponse{Schema: schemaJSON}, nil
		},
		CheckConfig: func(_ context.Context, req p.CheckRequest) (p.CheckResponse, error) {
			return p.CheckResponse{Inputs: req.Inputs}, nil
		},
		DiffConfig: func(_ context.Context, req p.DiffRequest) (p.DiffResponse, error) {
			return p.DiffResponse{HasChanges: !req.Inputs.Equals(req.OldInputs)}, nil
		},
		Configure: func(_ context.Context, req p.ConfigureRequest) error {
			e.configureRequest(req)
			return nil
		},
		Check:  e.check,
		Diff:   e.diff,
		Create: e.create,
		Read:   e.read,
		Update: e.update,
		Delete: e.delete,
		Invoke: e.invoke,
	}
}

// configureRequest records the provider configuration.
func (e *Emulator) configureRequest(req p.ConfigureRequest) {
	cfg := map[string]any{}
	for k, v := range req.Args.All {
		if isInternalKey(k) || k == "version" {
			continue
		}
		if v.Secret() {
			cfg[k] = "[secret]"
			continue
		}
		cfg[k] = plainValue(v)
	}
	if req.Args.Len() == 0 {
		for k, v := range req.Variables {
			k = strings.TrimPrefix(k, "alicloud:config:")
			cfg[k] = v
		}
	}
	e.configure(cfg)
}

func (e *Emulator) configure(cfg map[string]any) {
	if cfg == nil {
		cfg = map[string]any{}
	}
	region, _ := cfg["region"].(string)
	if region == "" {
		region = os.Getenv("ALICLOUD_REGION")
	}
	if region == "" {
		region = DefaultRegion
	}
	e.region = region
	e.provider = cfg
}

func (e *Emulator) newCall(s *State, urn string) *call {
	cfg := map[string]any{}
	for k, v := range e.provider {
		cfg[k] = v
	}
	return &call{s: s, region: e.region, provider: cfg, urn: urn}
}

func lookupKind(urnOrToken string) (*kind, error) {
	token := urnOrToken
	if strings.HasPrefix(urnOrToken, "urn:pulumi:") {
		parts := strings.Split(urnOrToken, "::")
		if len(parts) >= 3 {
			types := strings.Split(parts[2], "$")
			token = types[len(types)-1]
		}
	}
	k, ok := kinds[token]
	if !ok {
		return nil, fmt.Errorf("resource type %q is not emulated: the emulator covers %s", token, strings.Join(sortedKeys(kinds), ", "))
	}
	return k, nil
}

func (e *Emulator) check(_ context.Context, req p.CheckRequest) (p.CheckResponse, error) {
	k, err := lookupKind(string(req.Urn))
	if err != nil {
		return p.CheckResponse{}, err
	}
	var failures []p.CheckFailure
	for _, name := range k.required {
		v, ok := req.Inputs.GetOk(name)
		if !ok || v.IsNull() {
			failures = append(failures, p.CheckFailure{Property: name, Reason: fmt.Sprintf("%s is required by %s", name, k.token)})
		}
	}
	inputs := req.Inputs
	for name, def := range k.defaults {
		if _, ok := inputs.GetOk(name); !ok {
			inputs = inputs.Set(name, propValue(def))
		}
	}
	return p.CheckResponse{Inputs: inputs, Failures: failures}, nil
}

func (e *Emulator) diff(_ context.Context, req p.DiffRequest) (p.DiffResponse, error) {
	k, err := lookupKind(string(req.Urn))
	if err != nil {
		return p.DiffResponse{}, err
	}
	return k.diffInputs(req), nil
}

// diffInputs compares new inputs with the old ones and marks replacement for
// the fields the real provider forces new.
func (k *kind) diffInputs(req p.DiffRequest) p.DiffResponse {
	olds := req.OldInputs
	if olds.Len() == 0 {
		vals := map[string]property.Value{}
		for key, v := range req.State.All {
			if _, ok := req.Inputs.GetOk(key); ok {
				vals[key] = v
			}
		}
		olds = property.NewMap(vals)
	}
	ignored := map[string]bool{}
	for _, ig := range req.IgnoreChanges {
		ignored[ig] = true
	}
	detailed := map[string]p.PropertyDiff{}
	keys := map[string]bool{}
	for key := range req.Inputs.All {
		keys[key] = true
	}
	for key := range olds.All {
		keys[key] = true
	}
	for key := range keys {
		if isInternalKey(key) || ignored[key] {
			continue
		}
		nv, nok := req.Inputs.GetOk(key)
		ov, ook := olds.GetOk(key)
		if nok && nv.IsNull() {
			nok = false
		}
		if ook && ov.IsNull() {
			ook = false
		}
		var kind p.DiffKind
		switch {
		case !nok && !ook:
			continue
		case nok && !ook:
			kind = p.Add
		case !nok && ook:
			kind = p.Delete
		default:
			if !nv.HasComputed() && plainEqual(plainValue(nv), plainValue(ov)) {
				continue
			}
			kind = p.Update
		}
		if k.forceNew[key] {
			switch kind {
			case p.Add:
				kind = p.AddReplace
			case p.Delete:
				kind = p.DeleteReplace
			default:
				kind = p.UpdateReplace
			}
		}
		detailed[key] = p.PropertyDiff{Kind: kind, InputDiff: true}
	}
	return p.DiffResponse{HasChanges: len(detailed) > 0, DetailedDiff: detailed}
}

// plainEqual compares plain values, treating numbers and strings of the
// same text as different (as Pulumi does).
func plainEqual(a, b any) bool { return reflect.DeepEqual(a, b) }

func (e *Emulator) create(_ context.Context, req p.CreateRequest) (p.CreateResponse, error) {
	k, err := lookupKind(string(req.Urn))
	if err != nil {
		return p.CreateResponse{}, err
	}
	in, secrets := toPlain(req.Properties)
	if req.DryRun || hasUnknown(in) {
		out := copyObj(in)
		for _, name := range k.computed {
			if _, ok := out[name]; !ok || out[name] == nil {
				out[name] = unknown{}
			}
		}
		return p.CreateResponse{Properties: fromPlain(out, secrets)}, nil
	}
	var id string
	var out obj
	err = e.st.withState(true, func(s *State) error {
		s.Serial++
		c := e.newCall(s, string(req.Urn))
		r := &Record{Type: k.token, Region: c.region, URN: c.urn, Provider: c.provider, Inputs: copyObj(in), Attrs: obj{}, Internal: obj{}}
		if err := k.create(c, in, r); err != nil {
			return err
		}
		for key, v := range in {
			if _, ok := r.Attrs[key]; !ok {
				r.Attrs[key] = copyValue(v)
			}
		}
		s.Resources[r.ID] = r
		id = r.ID
		out = outputs(c, k, r)
		return nil
	})
	if err != nil {
		return p.CreateResponse{}, err
	}
	return p.CreateResponse{ID: id, Properties: fromPlain(out, secrets)}, nil
}

// outputs renders a record's outputs, refreshing derived attributes.
func outputs(c *call, k *kind, r *Record) obj {
	if k.refresh != nil {
		k.refresh(c, r)
	}
	return copyObj(r.Attrs)
}

func secretKeys(m property.Map) map[string]bool {
	out := map[string]bool{}
	for key, v := range m.All {
		if v.HasSecrets() {
			out[key] = true
		}
	}
	return out
}

func (e *Emulator) read(_ context.Context, req p.ReadRequest) (p.ReadResponse, error) {
	k, err := lookupKind(string(req.Urn))
	if err != nil {
		return p.ReadResponse{}, err
	}
	secrets := secretKeys(req.Properties)
	for key := range secretKeys(req.Inputs) {
		secrets[key] = true
	}
	var resp p.ReadResponse
	err = e.st.withState(false, func(s *State) error {
		r, ok := s.get(k.token, req.ID, e.region)
		if !ok {
			return nil
		}
		c := e.newCall(s, string(req.Urn))
		resp = p.ReadResponse{ID: r.ID, Properties: fromPlain(outputs(c, k, r), secrets), Inputs: fromPlain(r.Inputs, secrets)}
		return nil
	})
	return resp, err
}

func (e *Emulator) update(_ context.Context, req p.UpdateRequest) (p.UpdateResponse, error) {
	k, err := lookupKind(string(req.Urn))
	if err != nil {
		return p.UpdateResponse{}, err
	}
	in, secrets := toPlain(req.Inputs)
	for key := range secretKeys(req.State) {
		secrets[key] = true
	}
	if req.DryRun || hasUnknown(in) {
		state, _ := toPlain(req.State)
		for key, v := range in {
			state[key] = v
		}
		return p.UpdateResponse{Properties: fromPlain(state, secrets)}, nil
	}
	var out obj
	err = e.st.withState(true, func(s *State) error {
		s.Serial++
		r, ok := s.get(k.token, req.ID, e.region)
		if !ok {
			return notFound("InvalidResource.NotFound", k.token, req.ID, e.region)
		}
		c := e.newCall(s, string(req.Urn))
		oldIn := r.Inputs
		attrs := copyObj(r.Attrs)
		for key := range oldIn {
			if _, still := in[key]; !still {
				delete(attrs, key)
			}
		}
		for key, v := range in {
			attrs[key] = copyValue(v)
		}
		if k.update != nil {
			if err := k.update(c, r, oldIn, in, attrs); err != nil {
				return err
			}
		}
		r.Attrs = attrs
		r.Inputs = copyObj(in)
		out = outputs(c, k, r)
		return nil
	})
	if err != nil {
		return p.UpdateResponse{}, err
	}
	return p.UpdateResponse{Properties: fromPlain(out, secrets)}, nil
}

func (e *Emulator) delete(_ context.Context, req p.DeleteRequest) error {
	k, err := lookupKind(string(req.Urn))
	if err != nil {
		return err
	}
	return e.st.withState(true, func(s *State) error {
		s.Serial++
		r, ok := s.Resources[req.ID]
		if !ok || r.Type != k.token {
			return nil
		}
		if r.Region != e.region {
			return refuse("InvalidRegionId.Mismatch", "%s %s lives in region %s but the provider deleting it is configured for %s: delete it with a provider of region %s", k.token, req.ID, r.Region, e.region, r.Region)
		}
		c := e.newCall(s, string(req.Urn))
		if k.delete != nil {
			if err := k.delete(c, r); err != nil {
				return err
			}
		}
		delete(s.Resources, r.ID)
		return nil
	})
}
