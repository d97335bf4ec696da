package guestnet

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGoldenOutputs compares full outputs with testdata/golden; run
// `go test ./provider/guestnet -run TestGoldenOutputs -update` after an
// intended change and review the diff.
func TestGoldenOutputs(t *testing.T) {
	for _, s := range sampleConfigs {
		t.Run(s.name, func(t *testing.T) {
			r, err := Render(s.cfg)
			require.NoError(t, err)
			files := map[string]string{
				"script.sh":         r.Script,
				"cloud-config.yaml": r.CloudConfig,
				"user-data.txt":     r.UserData,
				"netplan.yaml":      r.Netplan,
				"verify.txt":        strings.Join(r.VerifyCommands, "\n") + "\n",
			}
			dir := filepath.Join("testdata", "golden", s.name)
			for name, got := range files {
				path := filepath.Join(dir, name)
				if *update {
					require.NoError(t, os.MkdirAll(dir, 0o755))
					if got == "" {
						_ = os.Remove(path)
						continue
					}
					require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
					continue
				}
				want, err := os.ReadFile(path)
				if got == "" {
					assert.True(t, os.IsNotExist(err), "%s should not exist: the output is empty", path)
					continue
				}
				require.NoError(t, err, "missing golden file; run with -update")
				assert.Equal(t, string(want), got, path)
			}
		})
	}
}
