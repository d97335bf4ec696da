// Package provider implements the alicloud-eip component provider: the VisibleEip and
// MultiEipInstance components, the AddressAllocation resource that MultiEipInstance keeps its
// EIPs' places in, and the renderGuestNetwork function.
package provider

import (
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// packageDescription describes the package in the schema and the SDKs' package metadata.
const packageDescription = "Public IPs on Alibaba Cloud elastic network interfaces: EIPs the guest OS sees, " +
	"many EIPs on one instance, and the guest policy routing that makes them work."

// Provider builds the alicloud-eip provider.
func Provider() (p.Provider, error) {
	prov, err := infer.NewProviderBuilder().
		WithDisplayName("Alibaba Cloud EIP on ENI").
		WithDescription(packageDescription).
		WithKeywords("alicloud", "eip", "eni", "networking", "category/network", "kind/component").
		WithHomepage("https://github.com/eipkit/pulumi-alicloud-eip").
		WithRepository("https://github.com/eipkit/pulumi-alicloud-eip").
		WithPublisher("eipkit").
		WithLicense("Apache-2.0").
		WithNamespace("eipkit").
		WithPluginDownloadURL(PluginDownloadURL).
		WithLanguageMap(map[string]any{
			"go": map[string]any{
				"importBasePath":                 "github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip",
				"generateResourceContainerTypes": true,
				"respectSchemaVersion":           true,
			},
			"nodejs": map[string]any{
				"packageName":          "@eipkit/alicloud-eip",
				"packageDescription":   packageDescription,
				"respectSchemaVersion": true,
				// The compiler the SDK's tsconfig (module nodenext) and the tests use.
				"typescriptVersion": "^5.9.3",
			},
			"python": map[string]any{
				"packageName":          "eipkit_alicloud_eip",
				"respectSchemaVersion": true,
				"pyproject":            map[string]any{"enabled": true},
			},
		}).
		WithModuleMap(map[tokens.ModuleName]tokens.ModuleName{"provider": "index"}).
		WithComponents(
			infer.ComponentF(NewVisibleEip),
			infer.ComponentF(NewMultiEipInstance),
		).
		WithResources(infer.Resource(&AddressAllocation{})).
		WithFunctions(infer.Function(&RenderGuestNetwork{})).
		Build()
	if err != nil {
		return p.Provider{}, err
	}
	return withLeanComponentState(withSchemaAdditions(prov)), nil
}
