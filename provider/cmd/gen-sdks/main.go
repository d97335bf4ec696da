// Command gen-sdks writes schema.json from the provider's own GetSchema and generates the Go,
// TypeScript and Python SDKs from it with Pulumi's code generators, so neither the CLI nor
// any language plugin is needed.
//
//	gen-sdks schema <schema.json>
//	gen-sdks sdks <schema.json> <sdk dir>
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	"github.com/eipkit/pulumi-alicloud-eip/provider"
)

const tool = "eipkit-gen-sdks"

func main() {
	var err error
	switch {
	case len(os.Args) == 3 && os.Args[1] == "schema":
		err = writeSchema(os.Args[2])
	case len(os.Args) == 4 && os.Args[1] == "sdks":
		err = writeSDKs(os.Args[2], os.Args[3])
	default:
		err = fmt.Errorf("usage: gen-sdks schema <schema.json> | gen-sdks sdks <schema.json> <sdk dir>")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-sdks:", err)
		os.Exit(1)
	}
}

// writeSchema asks the provider for its schema, as the engine does, and writes it indented.
func writeSchema(path string) error {
	prov, err := provider.Provider()
	if err != nil {
		return err
	}
	server, err := integration.NewServer(context.Background(), provider.Name,
		semver.MustParse(provider.Version), integration.WithProvider(prov))
	if err != nil {
		return err
	}
	resp, err := server.GetSchema(p.GetSchemaRequest{})
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, []byte(resp.Schema), "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	return os.WriteFile(path, out.Bytes(), 0o644)
}

// writeSDKs binds the schema and writes every language's SDK under dir, replacing what was there.
func writeSDKs(schemaPath, dir string) error {
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return err
	}
	bind := func() (*schema.Package, error) {
		pkg, diags, err := schema.BindSpec(spec, schema.NewNullLoader(), schema.ValidationOptions{})
		if err != nil {
			return nil, err
		}
		if diags.HasErrors() {
			return nil, diags
		}
		return pkg, nil
	}
	generators := map[string]func(*schema.Package) (map[string][]byte, error){
		"go": func(pkg *schema.Package) (map[string][]byte, error) {
			return gogen.GeneratePackage(tool, pkg, nil)
		},
		"nodejs": func(pkg *schema.Package) (map[string][]byte, error) {
			// As a local SDK, package.json names the compiled entry point (bin/index.js) and
			// installing the package from its folder compiles it.
			return nodejs.GeneratePackage(tool, pkg, nil, nil, true, nil)
		},
		"python": func(pkg *schema.Package) (map[string][]byte, error) {
			return python.GeneratePackage(tool, pkg, nil, nil)
		},
	}
	for _, lang := range []string{"go", "nodejs", "python"} {
		pkg, err := bind() // each generator annotates the package with its language info
		if err != nil {
			return err
		}
		files, err := generators[lang](pkg)
		if err != nil {
			return fmt.Errorf("%s: %w", lang, err)
		}
		root := filepath.Join(dir, lang)
		if err := os.RemoveAll(root); err != nil {
			return err
		}
		for name, content := range files {
			path := filepath.Join(root, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(path, content, 0o644); err != nil {
				return err
			}
		}
	}
	// The Go SDK is its own module, so its users do not download the provider's dependencies.
	return os.WriteFile(filepath.Join(dir, "go.mod"), []byte(goMod), 0o644)
}

// goMod is the Go SDK's module file; `make sdks` completes go.sum with `go mod tidy`.
const goMod = `module github.com/eipkit/pulumi-alicloud-eip/sdk

go 1.26

require github.com/pulumi/pulumi/sdk/v3 v3.274.1
`
