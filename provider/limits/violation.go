package limits

import (
	"errors"
	"strings"
)

// Violation is the error every check of eipkit returns. Its message reads
// "<field> <value> <problem>: <rule> (<source>); <fix>", for example
// "vswitchCidr 10.0.0.0/30 has mask 30 outside 16-29: ...". Callers may
// change Fix (errors.As) to suggest a component-specific remedy.
type Violation struct {
	// Field names the input, e.g. "eips[2].privateIp".
	Field string
	// Value is the offending value as the user gave it; empty when the
	// problem concerns the input as a whole.
	Value string
	// Problem says what is wrong with the value.
	Problem string
	// Rule states the limit that is broken.
	Rule string
	// Source cites the document the rule comes from.
	Source string
	// Fix says what to do.
	Fix string
}

// Error formats the violation as one sentence.
func (v *Violation) Error() string {
	var b strings.Builder
	b.WriteString(v.Field)
	if v.Value != "" {
		b.WriteString(" ")
		b.WriteString(v.Value)
	}
	if v.Problem != "" {
		b.WriteString(" ")
		b.WriteString(v.Problem)
	}
	if v.Rule != "" {
		b.WriteString(": ")
		b.WriteString(v.Rule)
	}
	if v.Source != "" {
		b.WriteString(" (")
		b.WriteString(v.Source)
		b.WriteString(")")
	}
	if v.Fix != "" {
		b.WriteString("; ")
		b.WriteString(v.Fix)
	}
	return b.String()
}

// WithFix returns err with the remedy of its Violation replaced by fix, in the caller's own
// terms; an error that is not a Violation is returned as it is.
func WithFix(err error, fix string) error {
	var v *Violation
	if errors.As(err, &v) {
		c := *v
		c.Fix = fix
		return &c
	}
	return err
}
