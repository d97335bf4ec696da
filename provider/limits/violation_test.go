package limits

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestViolationError(t *testing.T) {
	tests := []struct {
		name string
		v    Violation
		want string
	}{
		{"all parts", Violation{"f", "v", "is bad", "the rule", "doc x", "do y"}, "f v is bad: the rule (doc x); do y"},
		{"no value", Violation{Field: "f", Problem: "is bad", Rule: "r"}, "f is bad: r"},
		{"no source, fix", Violation{Field: "f", Value: "1", Problem: "p", Fix: "fix it"}, "f 1 p; fix it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.v.Error())
		})
	}
}
