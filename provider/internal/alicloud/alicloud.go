// Package alicloud holds typed bindings for the few alicloud resources and functions the
// components use. Resources are registered and functions invoked by type token, always with
// the pinned plugin version, so a user's engine loads a provider whose schema matches these
// property names. A conformance test checks every token and property name against the
// published @pulumi/alicloud package of that version.
package alicloud

import (
	"fmt"
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/alicloudpin"
)

// Version is the alicloud provider plugin version every registration and invoke pins.
const Version = alicloudpin.Version

// Binding describes one bound resource or function: its type token and the Go types whose
// `pulumi` tags name its inputs and outputs. The conformance test walks these.
type Binding struct {
	// Token is the alicloud type token, e.g. alicloud:ecs/eipAddress:EipAddress.
	Token string
	// Inputs is a pointer to the args struct; its `pulumi` tags are input property names.
	Inputs any
	// Outputs is a pointer to the resource or result struct; its `pulumi` tags are output names.
	Outputs any
}

// Resources lists every bound resource.
var Resources = []Binding{
	{EipAddressToken, &EipAddressArgs{}, &EipAddress{}},
	{EipAssociationToken, &EipAssociationArgs{}, &EipAssociation{}},
	{Ipv4CidrBlockToken, &Ipv4CidrBlockArgs{}, &Ipv4CidrBlock{}},
	{SwitchToken, &SwitchArgs{}, &Switch{}},
	{NetworkInterfaceToken, &NetworkInterfaceArgs{}, &NetworkInterface{}},
	{NetworkInterfaceAttachmentToken, &NetworkInterfaceAttachmentArgs{}, &NetworkInterfaceAttachment{}},
	{Ipv6GatewayToken, &Ipv6GatewayArgs{}, &Ipv6Gateway{}},
	{Ipv6InternetBandwidthToken, &Ipv6InternetBandwidthArgs{}, &Ipv6InternetBandwidth{}},
	{InstanceToken, &InstanceArgs{}, &Instance{}},
	{CommandToken, &CommandArgs{}, &Command{}},
	{InvocationToken, &InvocationArgs{}, &Invocation{}},
}

// Functions lists every bound function.
var Functions = []Binding{
	{GetInstanceTypesToken, &GetInstanceTypesArgs{}, &GetInstanceTypesResult{}},
	{GetIpv6AddressesToken, &GetIpv6AddressesArgs{}, &GetIpv6AddressesResult{}},
	{GetSwitchesToken, &GetSwitchesArgs{}, &GetSwitchesResult{}},
	{GetEipAddressesToken, &GetEipAddressesArgs{}, &GetEipAddressesResult{}},
	{GetNetworkInterfacesToken, &GetNetworkInterfacesArgs{}, &GetNetworkInterfacesResult{}},
	{GetNetworksToken, &GetNetworksArgs{}, &GetNetworksResult{}},
}

// register registers a custom resource by token with the pinned version. Nil inputs are
// left out, so the provider applies its own defaults.
func register(ctx *pulumi.Context, token, name string, args any, res pulumi.CustomResource,
	opts []pulumi.ResourceOption) error {
	opts = append(opts[:len(opts):len(opts)], pulumi.Version(Version))
	return ctx.RegisterResource(token, name, inputMap(args), res, opts...)
}

// create registers a resource of type T and returns it.
func create[T any, PT interface {
	*T
	pulumi.CustomResource
}](ctx *pulumi.Context, token, name string, args any, opts []pulumi.ResourceOption) (*T, error) {
	res := PT(new(T))
	if err := register(ctx, token, name, args, res, opts); err != nil {
		return nil, err
	}
	return res, nil
}

// inputMap turns an args struct of pulumi inputs into a pulumi.Map keyed by the `pulumi` tags.
func inputMap(args any) pulumi.Map {
	m := pulumi.Map{}
	v := reflect.ValueOf(args)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return m
		}
		v = v.Elem()
	}
	t := v.Type()
	for i := range t.NumField() {
		f := v.Field(i)
		if f.IsNil() {
			continue
		}
		tag := t.Field(i).Tag.Get("pulumi")
		in, ok := f.Interface().(pulumi.Input)
		if !ok {
			panic(fmt.Sprintf("alicloud: field %s of %s is not a pulumi.Input", t.Field(i).Name, t))
		}
		m[tag] = in
	}
	return m
}

// invoke calls a function by token with the pinned version and returns its result.
func invoke[R any](ctx *pulumi.Context, token string, args any, opts []pulumi.InvokeOption) (*R, error) {
	var res R
	opts = append(opts[:len(opts):len(opts)], pulumi.Version(Version))
	return &res, ctx.Invoke(token, args, &res, opts...)
}
