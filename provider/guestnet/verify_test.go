package guestnet

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVerifyLoopComparesPrioritiesAsNumbers runs the metadata-mode verify
// loop against rule listings whose priorities have different digit counts.
func TestVerifyLoopComparesPrioritiesAsNumbers(t *testing.T) {
	for _, base := range []int{800, 7100} {
		r, err := Render(Config{TableBase: base})
		require.NoError(t, err)
		loop := r.VerifyCommands[0]
		require.True(t, strings.HasPrefix(loop, "for ip in"), loop)
		rules := strings.Join([]string{
			"0:\tfrom all lookup local",
			itoa(base-1) + ":\tfrom all lookup main suppress_prefixlength 0",
			itoa(base+1) + ":\tfrom 10.0.0.5 lookup " + itoa(base+1),
			itoa(base+2) + ":\tfrom 10.0.1.6 lookup " + itoa(base+2),
			itoa(base+250) + ":\tfrom 10.9.9.9 lookup main",
			"32766:\tfrom all lookup main",
		}, "\n")
		script := "ip() { printf '%s\\n' '" + rules + "'; }\ncurl() { echo public; }\n" + loop
		out, err := exec.Command("sh", "-c", script).CombinedOutput()
		require.NoError(t, err, string(out))
		assert.Equal(t, "10.0.0.5 public\n10.0.1.6 public\n", string(out), "tableBase %d", base)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
