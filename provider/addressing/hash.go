package addressing

import (
	"hash/fnv"
	"math"
)

// Salts keep the hash that picks an entry's ENI independent of the hash
// that picks its private IP.
const (
	saltEni = "eni"
	saltIP  = "ip"
)

// nameKey hashes an entry name with a salt: FNV-1a 64 over salt, a zero byte
// and the name, then a 64-bit finalizer so that names differing in one
// character spread over all bits.
func nameKey(salt, name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(salt))
	h.Write([]byte{0})
	h.Write([]byte(name))
	return mix64(h.Sum64())
}

// mix64 is the splitmix64 finalizer.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// bucket maps key to one of n buckets (0..n-1) with jump consistent hashing
// (Lamping and Veach, 2014): when n grows by one, only the keys that land in
// the new bucket n move; when it shrinks by one, only the keys of the
// removed last bucket move. It returns -1 when n < 1.
func bucket(key uint64, n int) int {
	if n < 1 {
		return -1
	}
	b, j := int64(-1), int64(0)
	for j < int64(n) {
		b = j
		key = key*2862933555777941757 + 1
		j = int64(float64(b+1) * (float64(int64(1)<<31) / float64((key>>33)+1)))
	}
	return int(b)
}

// CollisionProbability returns the probability that at least two of
// entries names hash to the same address among poolSize addresses (the
// birthday problem). A plan without pins fails with this probability; each
// collision is resolved by pinning privateIp of one entry.
func CollisionProbability(entries, poolSize int) float64 {
	if entries < 2 {
		return 0
	}
	if poolSize < entries {
		return 1
	}
	logNone := 0.0
	for i := 1; i < entries; i++ {
		logNone += math.Log1p(-float64(i) / float64(poolSize))
	}
	return 1 - math.Exp(logNone)
}
