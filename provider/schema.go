package provider

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"

	p "github.com/pulumi/pulumi-go-provider"
)

// PluginDownloadURL is where the engine downloads released plugin binaries: the GitHub
// releases of the repository, whose assets are the archives `make dist` builds
// (pulumi-resource-alicloud-eip-v<version>-<os>-<arch>.tar.gz).
const PluginDownloadURL = "github://api.github.com/eipkit/pulumi-alicloud-eip"

// descriptionExamples holds, per resource or function, a short example in each language,
// appended to its schema description (the registry and SDK docs show the caller's language).
//
//go:embed examples/*.md
var descriptionExamples embed.FS

// exampleFiles maps tokens to their example file.
var exampleFiles = map[string]string{
	tokenVisibleEip:                    "examples/visible-eip.md",
	tokenMultiEipInstance:              "examples/multi-eip-instance.md",
	Name + ":index:renderGuestNetwork": "examples/render-guest-network.md",
}

// withSchemaAdditions makes the provider's GetSchema add what infer does not express: the
// enum types of the closed sets of values and the examples of each description.
func withSchemaAdditions(prov p.Provider) p.Provider {
	inner := prov.GetSchema
	prov.GetSchema = func(ctx context.Context, req p.GetSchemaRequest) (p.GetSchemaResponse, error) {
		resp, err := inner(ctx, req)
		if err != nil {
			return resp, err
		}
		var spec map[string]any
		if err := json.Unmarshal([]byte(resp.Schema), &spec); err != nil {
			return resp, fmt.Errorf("schema: %w", err)
		}
		hideInternal(spec)
		if err := addEnums(spec); err != nil {
			return resp, err
		}
		if err := addExamples(spec); err != nil {
			return resp, err
		}
		data, err := json.Marshal(spec)
		if err != nil {
			return resp, err
		}
		resp.Schema = string(data)
		return resp, nil
	}
	return prov
}

// internalTypes are the resource and object types the provider serves for its components only:
// MultiEipInstance registers its AddressAllocation itself, so programs never declare one and the
// SDKs need no class for it. The engine needs no schema to run a resource a component registers.
var internalTypes = []string{addressAllocationToken, typeToken("AllocationEntry"), typeToken("AddressSlot"),
	typeToken("AllocatedEni")}

// hideInternal removes internalTypes from the schema.
func hideInternal(spec map[string]any) {
	for _, section := range []string{"resources", "types"} {
		if m, ok := spec[section].(map[string]any); ok {
			for _, token := range internalTypes {
				delete(m, token)
			}
		}
	}
}

// addExamples appends each example file to the description of its resource or function.
func addExamples(spec map[string]any) error {
	for token, file := range exampleFiles {
		entry, ok := spec["resources"].(map[string]any)[token].(map[string]any)
		if !ok {
			entry, ok = spec["functions"].(map[string]any)[token].(map[string]any)
		}
		if !ok {
			return fmt.Errorf("examples %s: the schema has no resource or function %s", file, token)
		}
		text, err := descriptionExamples.ReadFile(file)
		if err != nil {
			return err
		}
		description, _ := entry["description"].(string)
		entry["description"] = description + "\n\n" + string(text)
	}
	return nil
}
