package addressing

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
)

func ip(s string) netip.Addr     { return netip.MustParseAddr(s) }
func pfx(s string) netip.Prefix  { return netip.MustParsePrefix(s) }
func intp(i int) *int            { return &i }
func named(ns ...string) []Entry { return entriesOf(ns) }

func entriesOf(ns []string) []Entry {
	es := make([]Entry, len(ns))
	for i, n := range ns {
		es[i] = Entry{Name: n}
	}
	return es
}

func seq(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%02d", prefix, i+1)
	}
	return out
}

// randomNames returns n distinct random-looking names.
func randomNames(r *rand.Rand, n int, taken map[string]bool) []string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789-"
	var out []string
	for len(out) < n {
		b := make([]byte, 3+r.IntN(12))
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		s := string(b)
		if !taken[s] {
			taken[s] = true
			out = append(out, s)
		}
	}
	return out
}
