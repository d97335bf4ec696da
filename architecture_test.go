package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// module is this module's import path.
const module = "github.com/eipkit/pulumi-alicloud-eip"

// listedPackage is what `go list -json` says of a package that the architecture rules read.
type listedPackage struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Deps       []string
}

// pulumiPrefix starts the import path of every Pulumi package.
const pulumiPrefix = "github.com/pulumi/"

// pureDecisions are the packages of decisions over plain values: no Pulumi package, even
// indirectly, so that they are tested with tables and read without the engine in mind.
var pureDecisions = []string{module + "/provider/addressing", module + "/provider/limits", module + "/provider/guestnet"}

// pinPackage holds what eipkit pins of the alicloud provider (its plugin version and the tokens
// of the resources and functions it uses), which the bindings and the emulator share.
const pinPackage = module + "/alicloudpin"

// componentPackage wires the components: its files take addresses as the pure packages give
// them, and do no address arithmetic of their own.
const componentPackage = module + "/provider"

// architectureViolations checks the packages against the one-way layering the project keeps:
//   - addressing, limits and guestnet import no Pulumi package;
//   - provider/internal/alicloud, the typed alicloud bindings, imports no package of this module
//     but alicloudpin, the pinned plugin version and tokens it shares with the emulator;
//   - alicloudpin imports nothing;
//   - tests/emulator, the cloud's test double, imports nothing of provider/;
//   - no file of the component package imports net/netip (imports maps a file to its imports).
func architectureViolations(pkgs []listedPackage, imports func(file string) ([]string, error)) ([]string, error) {
	var out []string
	for _, p := range pkgs {
		switch {
		case slices.Contains(pureDecisions, p.ImportPath):
			var pulumi []string
			for _, d := range p.Deps {
				if strings.HasPrefix(d, pulumiPrefix) {
					pulumi = append(pulumi, d)
				}
			}
			if len(pulumi) > 0 {
				out = append(out, fmt.Sprintf("%s imports %d Pulumi packages, directly or through its imports: %s",
					p.ImportPath, len(pulumi), strings.Join(pulumi[:min(len(pulumi), 3)], ", ")))
			}
		case p.ImportPath == module+"/provider/internal/alicloud":
			for _, d := range p.Deps {
				if (d == module || strings.HasPrefix(d, module+"/")) && d != pinPackage {
					out = append(out, fmt.Sprintf("%s imports %s of this module", p.ImportPath, d))
				}
			}
		case p.ImportPath == pinPackage:
			if len(p.Deps) > 0 {
				out = append(out, fmt.Sprintf("%s imports %s: it holds the pinned version and tokens and nothing else", p.ImportPath, strings.Join(p.Deps, ", ")))
			}
		case p.ImportPath == module+"/tests/emulator" || strings.HasPrefix(p.ImportPath, module+"/tests/emulator/"):
			for _, d := range p.Deps {
				if d == module+"/provider" || strings.HasPrefix(d, module+"/provider/") {
					out = append(out, fmt.Sprintf("%s imports %s", p.ImportPath, d))
				}
			}
		case p.ImportPath == componentPackage:
			for _, f := range p.GoFiles {
				list, err := imports(filepath.Join(p.Dir, f))
				if err != nil {
					return nil, err
				}
				if slices.Contains(list, "net/netip") {
					out = append(out, fmt.Sprintf("%s imports net/netip: address arithmetic belongs in provider/addressing", filepath.Join("provider", f)))
				}
			}
		}
	}
	return out, nil
}

// fileImports lists the import paths of a Go file.
func fileImports(file string) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range f.Imports {
		out = append(out, strings.Trim(s.Path.Value, `"`))
	}
	return out, nil
}

// listPackages runs `go list -json` over every package of the module.
func listPackages(t *testing.T) []listedPackage {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", "./...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []listedPackage
	for dec := json.NewDecoder(bytes.NewReader(raw)); ; {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func TestArchitecture(t *testing.T) {
	t.Run("the module keeps its layering", func(t *testing.T) {
		pkgs := listPackages(t)
		var seen []string
		for _, p := range pkgs {
			seen = append(seen, p.ImportPath)
		}
		for _, want := range append(slices.Clone(pureDecisions), componentPackage, module+"/provider/internal/alicloud", pinPackage, module+"/tests/emulator") {
			if !slices.Contains(seen, want) {
				t.Fatalf("go list does not list %s: the rules would check nothing", want)
			}
		}
		violations, err := architectureViolations(pkgs, fileImports)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range violations {
			t.Error(v)
		}
	})

	t.Run("every rule catches a violation", func(t *testing.T) {
		pkgs := []listedPackage{
			{ImportPath: module + "/provider/limits", Deps: []string{"fmt", pulumiPrefix + "pulumi/sdk/v3/go/pulumi"}},
			{ImportPath: module + "/provider/guestnet", Deps: []string{module + "/provider/addressing", pulumiPrefix + "pulumi-go-provider/infer"}},
			{ImportPath: module + "/provider/internal/alicloud", Deps: []string{pinPackage, module + "/provider/limits"}},
			{ImportPath: pinPackage, Deps: []string{"fmt"}},
			{ImportPath: module + "/tests/emulator/cmd/pulumi-resource-alicloud", Deps: []string{module + "/provider"}},
			{ImportPath: componentPackage, Dir: "provider", GoFiles: []string{"guest_network.go", "outputs.go"}},
			// Allowed: the component package uses Pulumi, the emulator this module's other test packages
			// and, with the bindings, the pinned version and tokens.
			{ImportPath: componentPackage + "/addressing", Deps: []string{"net/netip"}},
			{ImportPath: module + "/tests/emulator", Deps: []string{pinPackage, module + "/tests/netns", pulumiPrefix + "pulumi/sdk/v3/go/common/resource"}},
		}
		imports := func(file string) ([]string, error) {
			if filepath.Base(file) == "guest_network.go" {
				return []string{"fmt", "net/netip"}, nil
			}
			return []string{"fmt"}, nil
		}
		got, err := architectureViolations(pkgs, imports)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			module + "/provider/limits imports 1 Pulumi packages, directly or through its imports: github.com/pulumi/pulumi/sdk/v3/go/pulumi",
			module + "/provider/guestnet imports 1 Pulumi packages, directly or through its imports: github.com/pulumi/pulumi-go-provider/infer",
			module + "/provider/internal/alicloud imports " + module + "/provider/limits of this module",
			pinPackage + " imports fmt: it holds the pinned version and tokens and nothing else",
			module + "/tests/emulator/cmd/pulumi-resource-alicloud imports " + module + "/provider",
			"provider/guest_network.go imports net/netip: address arithmetic belongs in provider/addressing",
		}
		if !slices.Equal(got, want) {
			t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
