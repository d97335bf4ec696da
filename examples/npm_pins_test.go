package examples

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dependencies reads the dependencies and devDependencies of a package.json.
func dependencies(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var pkg struct{ Dependencies, DevDependencies map[string]string }
	require.NoError(t, json.Unmarshal(data, &pkg))
	out := map[string]string{}
	for k, v := range pkg.DevDependencies {
		out[k] = v
	}
	for k, v := range pkg.Dependencies {
		out[k] = v
	}
	return out
}

// The versions the tests install are the lowest the TypeScript SDK and the examples accept, so
// what the tests compile and run against is what a user may get.
func TestNpmPinsAgreeWithTheSdkAndTheExamples(t *testing.T) {
	pins := dependencies(t, filepath.Join("..", "scripts", "npm-package.json"))
	ranges := map[string]map[string]string{"sdk/nodejs": dependencies(t, filepath.Join("..", "sdk", "nodejs", "package.json"))}
	for _, dir := range []string{"ts-visible-eip", "ts-multi-eip"} {
		ranges["examples/"+dir] = dependencies(t, filepath.Join(dir, "package.json"))
	}
	for where, deps := range ranges {
		for _, name := range []string{"@pulumi/pulumi", "@pulumi/alicloud", "typescript"} {
			want, ok := deps[name]
			if !ok {
				continue
			}
			pin, ok := pins[name]
			if !assert.True(t, ok, "scripts/npm-package.json pins %s, which %s uses", name, where) {
				continue
			}
			assert.Equal(t, strings.TrimLeft(want, "^~"), pin, "%s asks for %s %s: the tests pin its lowest version", where, name, want)
		}
	}
}
