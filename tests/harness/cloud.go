package harness

import (
	"sort"

	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
)

// Type tokens of the alicloud resources the emulator keeps.
const (
	TokenEip            = "alicloud:ecs/eipAddress:EipAddress"
	TokenEipAssociation = "alicloud:ecs/eipAssociation:EipAssociation"
	TokenCidrBlock      = "alicloud:vpc/ipv4CidrBlock:Ipv4CidrBlock"
	TokenSwitch         = "alicloud:vpc/switch:Switch"
	TokenEni            = "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface"
	TokenAttachment     = "alicloud:ecs/ecsNetworkInterfaceAttachment:EcsNetworkInterfaceAttachment"
	TokenIpv6Gateway    = "alicloud:vpc/ipv6Gateway:Ipv6Gateway"
	TokenIpv6Bandwidth  = "alicloud:vpc/ipv6InternetBandwidth:Ipv6InternetBandwidth"
	TokenInstance       = "alicloud:ecs/instance:Instance"
	TokenCommand        = "alicloud:ecs/command:Command"
	TokenInvocation     = "alicloud:ecs/ecsInvocation:EcsInvocation"
	TokenNetwork        = "alicloud:vpc/network:Network"
	TokenSecurityGroup  = "alicloud:ecs/securityGroup:SecurityGroup"
	// TokenInstanceEni is the emulator's record type for the ENIs an
	// instance creates itself (not Pulumi resources).
	TokenInstanceEni = "emulator:ecs/instanceNetworkInterface"
)

// OfType lists the records of one type, sorted by id.
func OfType(s *emulator.State, token string) []*emulator.Record {
	var out []*emulator.Record
	for _, r := range s.Resources {
		if r.Type == token {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Types counts the records by type.
func Types(s *emulator.State) map[string]int {
	out := map[string]int{}
	for _, r := range s.Resources {
		out[r.Type]++
	}
	return out
}

// Attr returns a string attribute (output) of a record, or "".
func Attr(r *emulator.Record, name string) string {
	v, _ := r.Attrs[name].(string)
	return v
}

// Strings returns a list attribute of a record as strings.
func Strings(r *emulator.Record, name string) []string {
	list, _ := r.Attrs[name].([]any)
	out := make([]string, 0, len(list))
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Internal returns a string bookkeeping value of a record, or "".
func Internal(r *emulator.Record, name string) string {
	v, _ := r.Internal[name].(string)
	return v
}
