package provider

import (
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// BenchmarkMultiEipInstanceConstruct measures Construct of a MultiEipInstance on an existing
// ecs.g6.8xlarge (8 ENIs x 20 IPs) with 1, 8, 32 and 64 EIPs, through the provider's gRPC
// surface against mocks. ns/eip is the time per EIP.
func BenchmarkMultiEipInstanceConstruct(b *testing.B) {
	for _, n := range []int{1, 8, 32, 64} {
		b.Run(fmt.Sprintf("eips=%d", n), func(b *testing.B) {
			inputs := map[string]property.Value{
				"instanceId":       property.New("i-web"),
				"instanceType":     property.New("ecs.g6.8xlarge"),
				"vswitchId":        property.New("vsw-w"),
				"securityGroupIds": property.New([]property.Value{property.New("sg-web")}),
				"privateIpRange":   property.New("10.8.0.0/20"),
				"eips":             entries(multiNames(n)...),
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := constructMulti(b, newMockCloud(), inputs); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/eip")
		})
	}
}
