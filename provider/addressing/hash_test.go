package addressing

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBucketIsConsistent(t *testing.T) {
	names := seq("k", 2000)
	for n := 1; n < 12; n++ {
		moved := 0
		for _, name := range names {
			key := nameKey(saltEni, name)
			a, b := bucket(key, n), bucket(key, n+1)
			assert.True(t, a >= 0 && a < n)
			if a != b {
				assert.Equal(t, n, b, "a key may only move to the new bucket")
				moved++
			}
		}
		// about 1/(n+1) of the keys move
		want := len(names) / (n + 1)
		assert.InDelta(t, want, moved, float64(want)/3+10, "n=%d", n)
	}
	assert.Equal(t, -1, bucket(1, 0))
}

func TestBucketSpreadsNames(t *testing.T) {
	counts := make([]int, 8)
	for _, name := range seq("svc", 8000) {
		counts[bucket(nameKey(saltIP, name), 8)]++
	}
	for i, c := range counts {
		assert.InDelta(t, 1000, c, 150, "bucket %d", i)
	}
}

func TestSaltsAreIndependent(t *testing.T) {
	same := 0
	for _, name := range seq("x", 1000) {
		if bucket(nameKey(saltEni, name), 4) == bucket(nameKey(saltIP, name), 4) {
			same++
		}
	}
	assert.InDelta(t, 250, same, 60)
	assert.NotEqual(t, nameKey(saltEni, "a"), nameKey(saltIP, "a"))
	assert.Equal(t, nameKey(saltEni, "a"), nameKey(saltEni, "a"))
}

func TestCollisionProbability(t *testing.T) {
	tests := []struct {
		entries, pool int
		want          float64
	}{
		{0, 100, 0},
		{1, 100, 0},
		{2, 2, 0.5},
		{3, 2, 1},
		{23, 365, 0.507},
		{6, 251, 0.058},
		{25, 4089, 0.071},
	}
	for _, tt := range tests {
		assert.InDelta(t, tt.want, CollisionProbability(tt.entries, tt.pool), 0.002, "%d in %d", tt.entries, tt.pool)
	}
}
