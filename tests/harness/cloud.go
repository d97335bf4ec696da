package harness

import (
	"sort"

	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
)

// OfType lists the records of one type, sorted by id.
func OfType(s *emulator.State, token string) []*emulator.Record {
	var out []*emulator.Record
	for _, r := range s.Resources {
		if r.Type == token {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Attr returns a string attribute (output) of a record, or "".
func Attr(r *emulator.Record, name string) string {
	v, _ := r.Attrs[name].(string)
	return v
}

// Strings returns a list attribute of a record as strings.
func Strings(r *emulator.Record, name string) []string {
	list, _ := r.Attrs[name].([]any)
	out := make([]string, 0, len(list))
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Internal returns a string bookkeeping value of a record, or "".
func Internal(r *emulator.Record, name string) string {
	v, _ := r.Internal[name].(string)
	return v
}
