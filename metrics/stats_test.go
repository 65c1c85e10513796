package metrics

import (
	"math"
	"testing"
)

// TestWilsonNewcombe checks the Wilson interval against the values Newcombe (1998,
// Stat. Med. 17:857, table I, method 3) publishes to four decimals.
func TestWilsonNewcombe(t *testing.T) {
	cases := []struct {
		k, n   int64
		lo, hi float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
		{29, 29, 0.8830, 1},
	}
	for _, c := range cases {
		got := Wilson(c.k, c.n, Z95)
		if math.Abs(got.Lo-c.lo) > 0.00005 || math.Abs(got.Hi-c.hi) > 0.00005 {
			t.Errorf("Wilson(%d/%d) = [%.4f, %.4f], want [%.4f, %.4f]", c.k, c.n, got.Lo, got.Hi, c.lo, c.hi)
		}
	}
	if got := Wilson(0, 0, Z95); got.Lo != 0 || got.Hi != 1 {
		t.Errorf("Wilson(0/0) = %v, want [0, 1]", got)
	}
}
