// Package dist checks what `make dist` builds as a user consumes it: the plugin archive through
// `pulumi plugin install --file`, the npm tarball installed into an example that then compiles,
// and the Python wheel installed into a fresh virtual environment.
package dist

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/provider"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// build runs scripts/dist.sh for this machine's platform into a temporary folder.
func build(t *testing.T) (root, out string) {
	t.Helper()
	root, err := harness.RepoRoot()
	require.NoError(t, err)
	out = t.TempDir()
	run(t, root, nil, filepath.Join(root, "scripts", "dist.sh"), out, npmDir(t, root), runtime.GOOS+"-"+runtime.GOARCH)
	return root, out
}

// npmDir is where `make deps` installs the npm packages the tests use (scripts/npm-dir.sh).
func npmDir(t *testing.T, root string) string {
	if dir := os.Getenv("NPM_DIR"); dir != "" {
		return dir
	}
	return strings.TrimSpace(run(t, root, nil, filepath.Join(root, "scripts", "npm-dir.sh")))
}

// run runs a command in dir and returns its standard output, failing the test on error.
func run(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "%s %s\n%s\n%s", name, strings.Join(args, " "), out, stderr.String())
	return string(out)
}

// tarFiles lists the regular files of a .tar.gz archive.
func tarFiles(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	gz, err := gzip.NewReader(f)
	require.NoError(t, err)
	tr := tar.NewReader(gz)
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if h.Typeflag == tar.TypeReg {
			names = append(names, h.Name)
		}
	}
	return names
}

func TestDist(t *testing.T) {
	root, out := build(t)
	version := provider.Version
	archive := filepath.Join(out, "pulumi-resource-alicloud-eip-v"+version+"-"+runtime.GOOS+"-"+runtime.GOARCH+".tar.gz")
	npmTarball := filepath.Join(out, "eipkit-alicloud-eip-"+version+".tgz")
	wheel := filepath.Join(out, "eipkit_alicloud_eip-"+version+"-py3-none-any.whl")
	sdist := filepath.Join(out, "eipkit_alicloud_eip-"+version+".tar.gz")
	for _, f := range []string{archive, npmTarball, wheel, sdist} {
		info, err := os.Stat(f)
		require.NoError(t, err, "make dist builds %s", filepath.Base(f))
		t.Logf("%s: %d bytes", filepath.Base(f), info.Size())
	}

	t.Run("the plugin archive installs with pulumi plugin install and serves the schema", func(t *testing.T) {
		assert.ElementsMatch(t, []string{"pulumi-resource-alicloud-eip", "README.md"}, tarFiles(t, archive))
		cli := filepath.Join(root, ".cache", "pulumi", "bin", "pulumi")
		// Only the installed plugin: no bin/ or emulator on PATH.
		env := []string{"PULUMI_HOME=" + t.TempDir(), "PATH=/usr/bin:/bin", "PULUMI_SKIP_UPDATE_CHECK=true"}
		run(t, t.TempDir(), env, cli, "plugin", "install", "resource", "alicloud-eip", version, "--file", archive)
		var plugins []struct{ Name, Kind, Version string }
		require.NoError(t, json.Unmarshal([]byte(run(t, t.TempDir(), env, cli, "plugin", "ls", "--json")), &plugins))
		assert.Contains(t, plugins, struct{ Name, Kind, Version string }{"alicloud-eip", "resource", version})
		var schema struct{ Name, Version, PluginDownloadURL string }
		require.NoError(t, json.Unmarshal([]byte(run(t, t.TempDir(), env, cli, "package", "get-schema", "alicloud-eip@"+version)), &schema))
		assert.Equal(t, "alicloud-eip", schema.Name)
		assert.Equal(t, version, schema.Version)
		assert.Equal(t, provider.PluginDownloadURL, schema.PluginDownloadURL)
	})

	t.Run("the npm tarball installs into an example, which then compiles and loads it", func(t *testing.T) {
		files := tarFiles(t, npmTarball)
		for _, f := range []string{"package/package.json", "package/bin/index.js", "package/bin/index.d.ts", "package/bin/package.json"} {
			assert.Contains(t, files, f)
		}
		app := t.TempDir()
		require.NoError(t, os.CopyFS(app, os.DirFS(filepath.Join(root, "examples", "ts-visible-eip"))))
		// As a user does before the package is published: depend on the tarball instead.
		manifest := filepath.Join(app, "package.json")
		var pkg map[string]any
		data, err := os.ReadFile(manifest)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(data, &pkg))
		delete(pkg["dependencies"].(map[string]any), "@eipkit/alicloud-eip")
		data, err = json.Marshal(pkg)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(manifest, data, 0o644))
		run(t, app, nil, filepath.Join(root, "scripts", "retry.sh"), "npm", "install", "--prefer-offline", "--no-audit",
			"--no-fund", "--loglevel=error", npmTarball)

		installed, err := os.ReadFile(filepath.Join(app, "node_modules", "@eipkit", "alicloud-eip", "package.json"))
		require.NoError(t, err)
		var meta struct {
			Name, Version, Main string
			Dependencies        map[string]string
		}
		require.NoError(t, json.Unmarshal(installed, &meta))
		assert.Equal(t, "@eipkit/alicloud-eip", meta.Name)
		assert.Equal(t, version, meta.Version)
		assert.Equal(t, "bin/index.js", meta.Main)
		run(t, app, nil, filepath.Join(app, "node_modules", ".bin", "tsc"), "--noEmit", "-p", "tsconfig.json")
		loaded := run(t, app, nil, "node", "-e", `const eip = require("@eipkit/alicloud-eip");
console.log([typeof eip.VisibleEip, typeof eip.MultiEipInstance, typeof eip.renderGuestNetworkOutput, eip.InternetChargeType.PayByTraffic].join(" "))`)
		assert.Equal(t, "function function function PayByTraffic\n", loaded)
	})

	t.Run("the wheel installs with pip --no-deps into a fresh virtual environment", func(t *testing.T) {
		venv := filepath.Join(t.TempDir(), "venv")
		run(t, root, nil, "/usr/bin/python3", "-m", "venv", venv)
		python := filepath.Join(venv, "bin", "python")
		run(t, root, nil, python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", wheel)
		report := run(t, root, nil, python, "-c", `
import importlib.metadata as md, json
d = md.distribution("eipkit_alicloud_eip")
files = sorted(str(f) for f in d.files if str(f).startswith("eipkit_alicloud_eip/"))
print(json.dumps({"name": d.metadata["Name"], "version": d.version, "requires": d.requires,
    "files": files, "plugin": json.loads(d.locate_file("eipkit_alicloud_eip/pulumi-plugin.json").read_text())}))`)
		var got struct {
			Name, Version string
			Requires      []string
			Files         []string
			Plugin        struct {
				Resource      bool
				Name, Version string
				Server        string
			}
		}
		require.NoError(t, json.Unmarshal([]byte(report), &got))
		assert.Equal(t, "eipkit_alicloud_eip", strings.ReplaceAll(got.Name, "-", "_"), "distribution name (normalized)")
		assert.Equal(t, version, got.Version)
		assert.True(t, slices.ContainsFunc(got.Requires, func(r string) bool {
			return strings.HasPrefix(r, "pulumi ") && strings.Contains(r, ">=3.269.0") && strings.Contains(r, "<4.0.0")
		}), "requires pulumi >=3.269.0,<4: %v", got.Requires)
		for _, f := range []string{"__init__.py", "_enums.py", "_inputs.py", "outputs.py", "visible_eip.py",
			"multi_eip_instance.py", "render_guest_network.py", "py.typed", "pulumi-plugin.json"} {
			assert.Contains(t, got.Files, "eipkit_alicloud_eip/"+f)
		}
		assert.True(t, got.Plugin.Resource)
		assert.Equal(t, "alicloud-eip", got.Plugin.Name)
		assert.Equal(t, version, got.Plugin.Version)
		assert.Equal(t, provider.PluginDownloadURL, got.Plugin.Server)

		src := tarFiles(t, sdist)
		for _, f := range []string{"pyproject.toml", "eipkit_alicloud_eip/__init__.py", "eipkit_alicloud_eip/pulumi-plugin.json"} {
			assert.Contains(t, src, "eipkit_alicloud_eip-"+version+"/"+f)
		}
	})
}
