package emulator

import "strings"

// InstanceType describes the networking limits of one ECS instance type as
// the emulator knows them.
type InstanceType struct {
	// ID is the instance type name, e.g. "ecs.c6.large".
	ID string
	// Family is the instance family, e.g. "ecs.c6".
	Family string
	// CPU is the vCPU count.
	CPU int
	// MemoryGiB is the memory size in GiB.
	MemoryGiB float64
	// ENIQuantity is the number of ENIs the type supports, primary included.
	ENIQuantity int
	// ENIPrivateIPQuantity is the number of private IPv4 addresses per ENI,
	// primary included.
	ENIPrivateIPQuantity int
	// ENIIpv6Quantity is the number of IPv6 addresses per ENI.
	ENIIpv6Quantity int
	// HotPlug is false for the types that must be stopped before a secondary
	// ENI can be attached.
	HotPlug bool
}

// instanceTypes is the emulator's catalogue. The numbers for ecs.c6.large
// come from Alibaba's documentation (2 ENIs x 6 IPs); the hot-plug exceptions
// are exact type names from the documentation's list.
var instanceTypes = []InstanceType{
	{"ecs.c5.large", "ecs.c5", 2, 4, 2, 6, 1, true},
	{"ecs.c5.2xlarge", "ecs.c5", 8, 16, 4, 10, 1, true},
	{"ecs.c6.large", "ecs.c6", 2, 4, 2, 6, 1, true},
	{"ecs.c6.xlarge", "ecs.c6", 4, 8, 3, 10, 10, true},
	{"ecs.c6.2xlarge", "ecs.c6", 8, 16, 4, 10, 10, true},
	{"ecs.c7.large", "ecs.c7", 2, 4, 3, 6, 6, true},
	{"ecs.g5.large", "ecs.g5", 2, 8, 2, 6, 1, true},
	{"ecs.g6.large", "ecs.g6", 2, 8, 2, 6, 1, true},
	{"ecs.g6.xlarge", "ecs.g6", 4, 16, 3, 10, 10, true},
	{"ecs.g6.4xlarge", "ecs.g6", 16, 64, 8, 20, 20, true},
	{"ecs.g7.large", "ecs.g7", 2, 8, 3, 6, 6, true},
	{"ecs.g7.8xlarge", "ecs.g7", 32, 128, 8, 30, 30, true},
	{"ecs.r5.large", "ecs.r5", 2, 16, 2, 6, 1, true},
	{"ecs.t5-lc1m1.small", "ecs.t5", 1, 1, 2, 2, 1, false},
	{"ecs.t5-c1m1.large", "ecs.t5", 2, 2, 2, 6, 1, false},
	{"ecs.t6-c1m1.large", "ecs.t6", 2, 2, 2, 6, 1, false},
	{"ecs.s6-c1m1.small", "ecs.s6", 1, 1, 2, 2, 1, false},
	{"ecs.e-c1m1.large", "ecs.e", 2, 2, 2, 6, 1, false},
	{"ecs.n4.small", "ecs.n4", 1, 2, 1, 1, 0, false},
}

// multiEipFamilies are the families that accept an ENI carrying EIPs in
// MULTI_BINDED mode.
var multiEipFamilies = map[string]bool{
	"ecs.d1ne": true, "ecs.ebmc4": true, "ecs.ebmg5": true, "ecs.ebmhfg5": true,
	"ecs.f1": true, "ecs.gn5i": true, "ecs.gn6v": true, "ecs.i2": true, "ecs.r1": true,
	"ecs.re4": true, "ecs.re4e": true, "ecs.sccg5": true, "ecs.sccgn6": true,
	"ecs.scch5": true, "ecs.g5": true, "ecs.c5": true, "ecs.r5": true, "ecs.t5": true,
	"ecs.sn2ne": true, "ecs.se1ne": true, "ecs.sn1ne": true,
}

// lookupInstanceType finds an instance type by exact name.
func lookupInstanceType(id string) (InstanceType, bool) {
	for _, t := range instanceTypes {
		if t.ID == id {
			return t, true
		}
	}
	return InstanceType{}, false
}

// knownInstanceTypeNames lists the catalogue for error messages.
func knownInstanceTypeNames() string {
	names := make([]string, 0, len(instanceTypes))
	for _, t := range instanceTypes {
		names = append(names, t.ID)
	}
	return strings.Join(names, ", ")
}
