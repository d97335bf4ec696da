package guestnet

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEniTable(t *testing.T) {
	tests := []struct {
		tableBase, order, want int
	}{
		{0, 0, DefaultTableBase},
		{0, 1, DefaultTableBase + 1},
		{0, 63, DefaultTableBase + 63},
		{1000, 0, 1000},
		{1000, 3, 1003},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, EniTable(tt.tableBase, tt.order), "tableBase %d, order %d", tt.tableBase, tt.order)
	}
}
