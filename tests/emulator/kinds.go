package emulator

import "github.com/eipkit/pulumi-alicloud-eip/alicloudpin"

// kind describes how one resource type is emulated.
type kind struct {
	// token is the Pulumi type token.
	token string
	// required lists inputs that Check insists on.
	required []string
	// defaults are applied by Check when the input is absent.
	defaults obj
	// forceNew marks the inputs whose change replaces the resource.
	forceNew map[string]bool
	// computed lists outputs reported unknown in preview.
	computed []string
	// create validates the inputs and fills r.ID, r.Attrs and r.Internal.
	create func(c *call, in obj, r *Record) error
	// update validates and applies a change; attrs already holds the new
	// inputs merged over the old outputs and may be adjusted.
	update func(c *call, r *Record, oldIn, in, attrs obj) error
	// delete validates the removal and cleans up dependents.
	delete func(c *call, r *Record) error
	// refresh recomputes derived attributes before outputs are returned.
	refresh func(c *call, r *Record)
}

// set builds a membership map.
func set(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

// Type tokens of the emulated resources: the alicloud provider's, which the tests of the
// components use too.
const (
	TokenEip            = alicloudpin.EipAddress
	TokenEipAssociation = alicloudpin.EipAssociation
	TokenCidrBlock      = alicloudpin.Ipv4CidrBlock
	TokenSwitch         = alicloudpin.Switch
	TokenEni            = alicloudpin.NetworkInterface
	TokenAttachment     = alicloudpin.NetworkInterfaceAttachment
	TokenIpv6Gateway    = alicloudpin.Ipv6Gateway
	TokenIpv6Bandwidth  = alicloudpin.Ipv6InternetBandwidth
	TokenInstance       = alicloudpin.Instance
	TokenCommand        = alicloudpin.Command
	TokenInvocation     = alicloudpin.Invocation
	TokenNetwork        = alicloudpin.Network
	TokenSecurityGroup  = alicloudpin.SecurityGroup
	// TokenInstanceEni is the emulator's own record type for the ENIs an
	// instance creates itself (its primary ENI, and the one of its
	// networkInterfaces input). They are not Pulumi resources.
	TokenInstanceEni = "emulator:ecs/instanceNetworkInterface"
)

// kinds is the registry of emulated resource types, filled by init
// functions of the files that implement them.
var kinds = map[string]*kind{}

func register(k *kind) { kinds[k.token] = k }
