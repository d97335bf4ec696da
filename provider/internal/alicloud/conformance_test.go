package alicloud

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// packageDir finds the published @pulumi/alicloud package that `make deps` installs.
func packageDir(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("ALICLOUD_NPM_PACKAGE"); dir != "" {
		return dir
	}
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && filepath.Base(filepath.Dir(dir)) != "internal" {
			if _, err := os.Stat(filepath.Join(dir, "main.go")); err == nil {
				break
			}
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, parent, dir, "repository root not found")
		dir = parent
	}
	pkg := filepath.Join(dir, ".cache", "npm", "node_modules", "@pulumi", "alicloud")
	data, err := os.ReadFile(filepath.Join(pkg, "package.json"))
	require.NoError(t, err, "@pulumi/alicloud is not installed: run `make deps`")
	require.Contains(t, string(data), `"version": "`+Version+`"`, "installed @pulumi/alicloud is not %s", Version)
	return pkg
}

// tokenFile maps alicloud:ecs/eipAddress:EipAddress to ecs/eipAddress.
func tokenFile(token string) string {
	parts := strings.Split(token, ":")
	return parts[1]
}

// tags lists the `pulumi` tags of a struct (through a pointer), with the nested struct types.
func tags(v any) (names []string, nested map[string]reflect.Type) {
	t := reflect.TypeOf(v)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	nested = map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("pulumi")
		if tag == "" {
			continue
		}
		names = append(names, tag)
		if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct {
			nested[tag] = f.Type.Elem()
		}
	}
	return names, nested
}

// block returns the body of `interface <name> {` that follows `after` in text.
func block(t *testing.T, text, after, name string) string {
	t.Helper()
	start := strings.Index(text, after)
	require.GreaterOrEqual(t, start, 0, "%q not found", after)
	rest := text[start:]
	i := strings.Index(rest, "interface "+name+" {")
	require.GreaterOrEqual(t, i, 0, "interface %s not found", name)
	lineStart := strings.LastIndex(rest[:i], "\n") + 1
	line := rest[lineStart:i]
	indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
	rest = rest[i:]
	end := strings.Index(rest, "\n"+indent+"}")
	require.GreaterOrEqual(t, end, 0, "end of interface %s not found", name)
	return rest[:end]
}

func TestResourcesMatchPublishedPackage(t *testing.T) {
	pkg := packageDir(t)
	for _, b := range Resources {
		t.Run(b.Token, func(t *testing.T) {
			js, err := os.ReadFile(filepath.Join(pkg, tokenFile(b.Token)+".js"))
			require.NoError(t, err)
			dts, err := os.ReadFile(filepath.Join(pkg, tokenFile(b.Token)+".d.ts"))
			require.NoError(t, err)
			assert.Contains(t, string(js), "__pulumiType = '"+b.Token+"'")
			inputs, _ := tags(b.Inputs)
			for _, in := range inputs {
				assert.Contains(t, string(js), `resourceInputs["`+in+`"] = args?.`+in, "input %s", in)
			}
			outputs, _ := tags(b.Outputs)
			for _, out := range outputs {
				assert.Regexp(t, regexp.MustCompile(`readonly `+out+`!?: pulumi\.Output<`), string(dts), "output %s", out)
			}
		})
	}
}

func TestFunctionsMatchPublishedPackage(t *testing.T) {
	pkg := packageDir(t)
	outputTypes, err := os.ReadFile(filepath.Join(pkg, "types", "output.d.ts"))
	require.NoError(t, err)
	for _, b := range Functions {
		t.Run(b.Token, func(t *testing.T) {
			file := tokenFile(b.Token)
			module, fn := filepath.Split(file)
			module = strings.TrimSuffix(module, "/")
			js, err := os.ReadFile(filepath.Join(pkg, file+".js"))
			require.NoError(t, err)
			assert.Contains(t, string(js), `invoke("`+b.Token+`"`)
			dts, err := os.ReadFile(filepath.Join(pkg, file+".d.ts"))
			require.NoError(t, err)
			name := strings.ToUpper(fn[:1]) + fn[1:]
			args := block(t, string(dts), "", name+"Args")
			inputs, _ := tags(b.Inputs)
			for _, in := range inputs {
				assert.Regexp(t, regexp.MustCompile(`\n\s+`+in+`\??: `), args, "input %s", in)
			}
			result := block(t, string(dts), "", name+"Result")
			outputs, nested := tags(b.Outputs)
			for _, out := range outputs {
				m := regexp.MustCompile(`readonly ` + out + `\??: ([\w.]+)`).FindStringSubmatch(result)
				if !assert.NotNil(t, m, "result %s", out) {
					continue
				}
				elem, ok := nested[out]
				if !ok {
					continue
				}
				typeName := m[1][strings.LastIndex(m[1], ".")+1:]
				body := block(t, string(outputTypes), "export declare namespace "+module+" {", typeName)
				fields, _ := tags(reflect.New(elem).Interface())
				for _, f := range fields {
					assert.Regexp(t, regexp.MustCompile(`\n\s+`+f+`\??: `), body, "%s.%s", typeName, f)
				}
			}
		})
	}
}
