package provider

import (
	"fmt"

	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// enum is a closed set of values of string properties, declared in the schema as an enum
// type, so that every SDK's type checker (and Pulumi YAML's) refuses any other value before
// anything runs. The wire value stays a string: the components read these properties as
// strings and still check them.
type enum struct {
	// name is the type's name in the index module (alicloud-eip:index:<name>).
	name        string
	description string
	values      []enumValue
	// properties are the properties the enum types, as {resource or object type token, property}.
	properties [][2]string
}

// enumValue is one value of an enum; name is its identifier in the SDKs.
type enumValue struct {
	name, value, description string
}

// token is the enum type's schema token.
func (e enum) token() string { return Name + ":index:" + e.name }

const (
	tokenVisibleEip       = Name + ":index:VisibleEip"
	tokenMultiEipInstance = Name + ":index:MultiEipInstance"
	tokenGuestOptions     = Name + ":index:GuestOptions"
)

// enums are every closed set of values the package's inputs take.
var enums = []enum{
	{
		name: "VisibleEipMode", description: "How a VisibleEip makes its EIP visible in the guest OS.",
		values: []enumValue{
			{"SecondaryCidr", ModeSecondaryCidr, "A secondary CIDR block and vSwitch containing the EIP, an ENI whose primary IP is the EIP, in NAT mode (recommended)."},
			{"CutThrough", ModeCutThrough, "The older cut-through (BINDED) association: the EIP replaces the ENI's private IP."},
		},
		properties: [][2]string{{tokenVisibleEip, "mode"}},
	},
	{
		name: "MultiEipMode", description: "How a MultiEipInstance associates its EIPs.",
		values: []enumValue{
			{"Nat", MultiModeNat, "Each EIP maps to one private IP of an ENI in NAT mode."},
			{"MultiEipToEni", MultiModeMultiEipToEni, "Up to ten EIPs on one ENI in multi-EIP-to-ENI (MULTI_BINDED) mode, visible in the guest."},
		},
		properties: [][2]string{{tokenMultiEipInstance, "mode"}},
	},
	{
		name: "GuestMode", description: "Where the guest program takes the ENIs' addresses from.",
		values: []enumValue{
			{"Metadata", guestnet.ModeMetadata, "From the instance metadata at each run: the snippet holds no address."},
			{"Static", guestnet.ModeStatic, "From the rendered configuration: the addresses are written into the snippet."},
		},
		properties: [][2]string{{tokenGuestOptions, "mode"}},
	},
	{
		name: "InternetChargeType", description: "How public bandwidth is metered.",
		values: []enumValue{
			{"PayByTraffic", "PayByTraffic", "By the data transferred."},
			{"PayByBandwidth", "PayByBandwidth", "By the peak bandwidth."},
		},
		properties: [][2]string{{tokenVisibleEip, "internetChargeType"}, {tokenVisibleEip, "ipv6InternetChargeType"},
			{tokenMultiEipInstance, "internetChargeType"}},
	},
	{
		name: "PaymentType", description: "How an EIP is billed.",
		values: []enumValue{
			{"PayAsYouGo", limits.PaymentPayAsYouGo, "Pay-as-you-go."},
			{"Subscription", limits.PaymentSubscription, "Subscription."},
		},
		properties: [][2]string{{tokenVisibleEip, "paymentType"}, {tokenMultiEipInstance, "paymentType"}},
	},
}

// addEnums declares the enum types in a schema (decoded JSON) and makes the properties they
// type refer to them, keeping each property's description and plainness. A property that is
// missing or not a string is an error, so renaming one cannot silently drop its enum.
func addEnums(spec map[string]any) error {
	types, _ := spec["types"].(map[string]any)
	if types == nil {
		types = map[string]any{}
		spec["types"] = types
	}
	for _, e := range enums {
		values := make([]any, 0, len(e.values))
		for _, v := range e.values {
			values = append(values, map[string]any{"name": v.name, "value": v.value, "description": v.description})
		}
		types[e.token()] = map[string]any{"type": "string", "description": e.description, "enum": values}
		for _, target := range e.properties {
			props, err := propertiesOf(spec, target[0])
			if err != nil {
				return err
			}
			prop, ok := props[target[1]].(map[string]any)
			if !ok || prop["type"] != "string" {
				return fmt.Errorf("enum %s: %s has no string property %s", e.name, target[0], target[1])
			}
			delete(prop, "type")
			prop["$ref"] = "#/types/" + e.token()
		}
	}
	return nil
}

// propertiesOf returns the input properties of a resource, or the properties of an object type.
func propertiesOf(spec map[string]any, token string) (map[string]any, error) {
	if r, ok := spec["resources"].(map[string]any)[token].(map[string]any); ok {
		if props, ok := r["inputProperties"].(map[string]any); ok {
			return props, nil
		}
	}
	if t, ok := spec["types"].(map[string]any)[token].(map[string]any); ok {
		if props, ok := t["properties"].(map[string]any); ok {
			return props, nil
		}
	}
	return nil, fmt.Errorf("the schema has no resource or object type %s", token)
}
