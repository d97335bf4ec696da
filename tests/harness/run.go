package harness

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
)

// Run is what one preview, up, refresh or destroy reported.
type Run struct {
	// Events are the engine's events, in order.
	Events []events.EngineEvent
	// Outputs are the stack outputs (up only).
	Outputs auto.OutputMap
	// Changes counts the steps by operation ("same", "create", "replace"...).
	Changes map[apitype.OpType]int
	// StdOut and StdErr are the CLI's output.
	StdOut, StdErr string

	mu     sync.Mutex
	events []events.EngineEvent
	done   chan struct{}
}

// wait waits for the event stream to end: the CLI closes it when it
// finishes, but not when it fails before the engine starts.
func (r *Run) wait(err error) {
	limit := 2 * time.Minute
	if err != nil {
		limit = 5 * time.Second
	}
	select {
	case <-r.done:
	case <-time.After(limit):
	}
	r.mu.Lock()
	r.Events = slices.Clone(r.events)
	r.mu.Unlock()
}

// Step is one resource step the engine planned or performed.
type Step struct {
	// Op is the operation: same, create, update, delete, replace,
	// create-replacement, delete-replaced...
	Op apitype.OpType
	// URN names the resource.
	URN string
	// Type is its type token.
	Type string
	// Name is the last part of the URN.
	Name string
	// Keys are the properties that caused a replacement.
	Keys []string
	// Diffs are the properties that changed.
	Diffs []string
}

// String renders a step for messages.
func (s Step) String() string {
	out := string(s.Op) + " " + s.Type + " " + s.Name
	if len(s.Keys) > 0 {
		out += " (replace keys " + strings.Join(s.Keys, ",") + ")"
	} else if len(s.Diffs) > 0 {
		out += " (diffs " + strings.Join(s.Diffs, ",") + ")"
	}
	return out
}

// replacing are the operations that belong to a replacement.
var replacing = []apitype.OpType{apitype.OpReplace, apitype.OpCreateReplacement, apitype.OpDeleteReplaced,
	apitype.OpDiscardReplaced, apitype.OpReadReplacement, apitype.OpImportReplacement}

// Steps lists every resource step, from the ResourcePreEvents.
func (r *Run) Steps() []Step {
	var out []Step
	for _, e := range r.Events {
		if e.ResourcePreEvent == nil {
			continue
		}
		m := e.ResourcePreEvent.Metadata
		out = append(out, Step{Op: m.Op, URN: m.URN, Type: m.Type, Name: urnName(m.URN), Keys: m.Keys, Diffs: m.Diffs})
	}
	return out
}

// Where lists the steps whose operation is one of ops.
func (r *Run) Where(ops ...apitype.OpType) []Step {
	var out []Step
	for _, s := range r.Steps() {
		if slices.Contains(ops, s.Op) {
			out = append(out, s)
		}
	}
	return out
}

// Replacements lists the steps that replace a resource (replace,
// create-replacement, delete-replaced...).
func (r *Run) Replacements() []Step { return r.Where(replacing...) }

// Changed lists every step that is not "same", "read" or "refresh".
func (r *Run) Changed() []Step {
	var out []Step
	for _, s := range r.Steps() {
		switch s.Op {
		case apitype.OpSame, apitype.OpRead, apitype.OpRefresh:
		default:
			out = append(out, s)
		}
	}
	return out
}

// Replaced lists the distinct URNs with a replacement step.
func (r *Run) Replaced() []string {
	var out []string
	for _, s := range r.Replacements() {
		if !slices.Contains(out, s.URN) {
			out = append(out, s.URN)
		}
	}
	return out
}

// Diagnostics lists the messages of the diagnostic events of a severity
// ("error", "warning", "info"...); empty severity lists all.
func (r *Run) Diagnostics(severity string) []string {
	var out []string
	for _, e := range r.Events {
		if d := e.DiagnosticEvent; d != nil && (severity == "" || d.Severity == severity) {
			out = append(out, d.Message)
		}
	}
	return out
}

// NewInputs returns the inputs the engine planned or set for the resource named name: its
// last step's new state. Values unknown at preview are the engine's unknown sentinel string.
func (r *Run) NewInputs(name string) map[string]any {
	var out map[string]any
	for _, e := range r.Events {
		if e.ResourcePreEvent == nil || urnName(e.ResourcePreEvent.Metadata.URN) != name {
			continue
		}
		if n := e.ResourcePreEvent.Metadata.New; n != nil {
			out = n.Inputs
		}
	}
	return out
}

// Output returns a stack output's value, or nil.
func (r *Run) Output(name string) any {
	if v, ok := r.Outputs[name]; ok {
		return v.Value
	}
	return nil
}

// urnName returns the name part of a URN.
func urnName(urn string) string {
	if i := strings.LastIndex(urn, "::"); i >= 0 {
		return urn[i+2:]
	}
	return urn
}

// opCounts converts an update summary's counts.
func opCounts(m map[string]int) map[apitype.OpType]int {
	out := make(map[apitype.OpType]int, len(m))
	for k, v := range m {
		out[apitype.OpType(k)] = v
	}
	return out
}
