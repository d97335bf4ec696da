package emulator

import (
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// obj is the plain JSON-like form of a property map used inside the
// emulator: string, float64, bool, nil, []any, map[string]any.
type obj = map[string]any

// unknown marks a value that is not known yet (preview).
type unknown struct{}

// isInternalKey reports keys that the provider framework adds to inputs.
func isInternalKey(k string) bool { return len(k) >= 2 && k[:2] == "__" }

// toPlain converts a property map to plain values. It returns the top-level
// keys whose value was secret so that outputs can be marked secret again.
func toPlain(m property.Map) (obj, map[string]bool) {
	out := obj{}
	secrets := map[string]bool{}
	for k, v := range m.All {
		if isInternalKey(k) {
			continue
		}
		if v.HasSecrets() {
			secrets[k] = true
		}
		out[k] = plainValue(v)
	}
	return out, secrets
}

func plainValue(v property.Value) any {
	switch {
	case v.IsComputed():
		return unknown{}
	case v.IsNull():
		return nil
	case v.IsString():
		return v.AsString()
	case v.IsNumber():
		return v.AsNumber()
	case v.IsBool():
		return v.AsBool()
	case v.IsArray():
		arr := v.AsArray()
		out := make([]any, 0, arr.Len())
		for _, e := range arr.All {
			out = append(out, plainValue(e))
		}
		return out
	case v.IsMap():
		out := obj{}
		for k, e := range v.AsMap().All {
			out[k] = plainValue(e)
		}
		return out
	case v.IsResourceReference():
		ref := v.AsResourceReference()
		if ref.ID.IsComputed() {
			return unknown{}
		}
		return plainValue(ref.ID)
	}
	return nil
}

// PropertyMap converts plain Go values (strings, numbers, booleans, slices and maps of them) to a
// property map, as a resource's inputs reach the emulator.
func PropertyMap(m map[string]any) property.Map { return fromPlain(m, nil) }

// fromPlain converts plain values back to a property map, marking the given
// keys secret.
func fromPlain(m obj, secrets map[string]bool) property.Map {
	vals := map[string]property.Value{}
	for k, v := range m {
		pv := propValue(v)
		if secrets[k] {
			pv = pv.WithSecret(true)
		}
		vals[k] = pv
	}
	return property.NewMap(vals)
}

func propValue(v any) property.Value {
	switch v := v.(type) {
	case unknown:
		return property.New(property.Computed)
	case nil:
		return property.New(property.Null)
	case string:
		return property.New(v)
	case float64:
		return property.New(v)
	case int:
		return property.New(float64(v))
	case bool:
		return property.New(v)
	case []string:
		arr := make([]property.Value, 0, len(v))
		for _, e := range v {
			arr = append(arr, property.New(e))
		}
		return property.New(arr)
	case []any:
		arr := make([]property.Value, 0, len(v))
		for _, e := range v {
			arr = append(arr, propValue(e))
		}
		return property.New(arr)
	case map[string]string:
		m := map[string]property.Value{}
		for k, e := range v {
			m[k] = property.New(e)
		}
		return property.New(m)
	case map[string]any:
		m := map[string]property.Value{}
		for k, e := range v {
			m[k] = propValue(e)
		}
		return property.New(m)
	}
	panic(fmt.Sprintf("emulator: cannot convert %T to a property value", v))
}

// hasUnknown reports whether a plain value contains an unknown anywhere.
func hasUnknown(v any) bool {
	switch v := v.(type) {
	case unknown:
		return true
	case []any:
		for _, e := range v {
			if hasUnknown(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range v {
			if hasUnknown(e) {
				return true
			}
		}
	}
	return false
}

// str returns a string input or "".
func str(m obj, key string) string {
	if s, ok := m[key].(string); ok {
		return s
	}
	return ""
}

// firstStr returns the first non-empty string among keys (aliases).
func firstStr(m obj, keys ...string) string {
	for _, k := range keys {
		if s := str(m, k); s != "" {
			return s
		}
	}
	return ""
}

// num returns a number input and whether it was set.
func num(m obj, key string) (int, bool) {
	if f, ok := m[key].(float64); ok {
		return int(f), true
	}
	return 0, false
}

// boolean returns a bool input or def.
func boolean(m obj, key string, def bool) bool {
	if b, ok := m[key].(bool); ok {
		return b
	}
	return def
}

// strList returns a list of strings input (nil if unset).
func strList(m obj, key string) []string {
	arr, ok := m[key].([]any)
	if !ok {
		if ss, ok := m[key].([]string); ok {
			return append([]string(nil), ss...)
		}
		return nil
	}
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// firstList returns the first non-nil list among keys (aliases).
func firstList(m obj, keys ...string) ([]string, bool) {
	for _, k := range keys {
		if _, ok := m[k]; ok && m[k] != nil {
			return strList(m, k), true
		}
	}
	return nil, false
}

// anyList converts strings to a plain list.
func anyList(ss []string) []any {
	out := make([]any, 0, len(ss))
	for _, s := range ss {
		out = append(out, s)
	}
	return out
}

// copyObj makes a deep copy of a plain map.
func copyObj(m obj) obj {
	out := obj{}
	for k, v := range m {
		out[k] = copyValue(v)
	}
	return out
}

func copyValue(v any) any {
	switch v := v.(type) {
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = copyValue(e)
		}
		return out
	case map[string]any:
		return copyObj(v)
	}
	return v
}

// sortedKeys returns the keys of a map in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// orDefault returns the input value of key, or def when the input is unset.
func orDefault(in obj, key string, def any) any {
	if v, ok := in[key]; ok && v != nil {
		return copyValue(v)
	}
	return def
}
