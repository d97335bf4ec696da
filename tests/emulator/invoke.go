package emulator

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"

	"github.com/eipkit/pulumi-alicloud-eip/alicloudpin"
)

// zoneLetters are the zone suffixes the emulator offers in every region.
var zoneLetters = []string{"a", "b", "c", "g", "h", "i", "j", "k"}

// Tokens of the emulated functions: the alicloud provider's.
const (
	TokenGetInstanceTypes     = alicloudpin.GetInstanceTypes
	TokenGetIpv6Addresses     = alicloudpin.GetIpv6Addresses
	TokenGetNetworkInterfaces = alicloudpin.GetNetworkInterfaces
	TokenGetEipAddresses      = alicloudpin.GetEipAddresses
	TokenGetSwitches          = alicloudpin.GetSwitches
	TokenGetNetworks          = alicloudpin.GetNetworks
	TokenGetZones             = alicloudpin.GetZones
	TokenGetImages            = alicloudpin.GetImages
)

// functions answers each emulated function from the call's arguments.
var functions = map[string]func(e *Emulator, args obj) (obj, error){
	TokenGetInstanceTypes: func(e *Emulator, args obj) (obj, error) { return e.getInstanceTypes(args) },
	TokenGetIpv6Addresses: func(e *Emulator, args obj) (obj, error) {
		return e.query(func(s *State) obj { return getIpv6Addresses(s, e.region, args) })
	},
	TokenGetNetworkInterfaces: func(e *Emulator, args obj) (obj, error) {
		return e.query(func(s *State) obj { return getEcsNetworkInterfaces(s, e.region, args) })
	},
	TokenGetEipAddresses: func(e *Emulator, args obj) (obj, error) {
		return e.query(func(s *State) obj { return getEipAddresses(e.newCall(s, ""), args) })
	},
	TokenGetSwitches: func(e *Emulator, args obj) (obj, error) {
		return e.query(func(s *State) obj { return getSwitches(s, e.region, args) })
	},
	TokenGetNetworks: func(e *Emulator, args obj) (obj, error) {
		return e.query(func(s *State) obj { return getNetworks(s, e.region, args) })
	},
	TokenGetZones:  func(e *Emulator, args obj) (obj, error) { return e.getZones(args), nil },
	TokenGetImages: func(e *Emulator, args obj) (obj, error) { return getImages(args) },
}

// query runs a read-only function over the emulated cloud.
func (e *Emulator) query(f func(s *State) obj) (obj, error) {
	var result obj
	err := e.st.withState(false, func(s *State) error { result = f(s); return nil })
	return result, err
}

func (e *Emulator) invoke(_ context.Context, req p.InvokeRequest) (p.InvokeResponse, error) {
	args, _ := toPlain(req.Args)
	answer, ok := functions[string(req.Token)]
	if !ok {
		return p.InvokeResponse{}, fmt.Errorf("function %q is not emulated: the emulator answers %s", req.Token, strings.Join(sortedKeys(functions), ", "))
	}
	result, err := answer(e, args)
	if err != nil {
		return p.InvokeResponse{}, err
	}
	for k, v := range args {
		if _, ok := result[k]; !ok {
			result[k] = v
		}
	}
	result["id"] = hashID(args)
	return p.InvokeResponse{Return: fromPlain(result, nil)}, nil
}

func hashID(args obj) string {
	h := fnv.New32a()
	for _, k := range sortedKeys(args) {
		fmt.Fprintf(h, "%s=%v;", k, args[k])
	}
	return fmt.Sprint(h.Sum32())
}

func (e *Emulator) getInstanceTypes(args obj) (obj, error) {
	zones := make([]any, 0, len(zoneLetters))
	if z := str(args, "availabilityZone"); z != "" {
		if !strings.HasPrefix(z, e.region+"-") {
			return obj{"ids": []any{}, "instanceTypes": []any{}}, nil
		}
		zones = append(zones, z)
	} else {
		for _, l := range zoneLetters {
			zones = append(zones, e.region+"-"+l)
		}
	}
	var list, ids []any
	for _, t := range instanceTypes {
		if v := str(args, "instanceType"); v != "" && v != t.ID {
			continue
		}
		if v := str(args, "instanceTypeFamily"); v != "" && v != t.Family {
			continue
		}
		if v, ok := num(args, "cpuCoreCount"); ok && v != t.CPU {
			continue
		}
		if v, ok := args["memorySize"].(float64); ok && v != t.MemoryGiB {
			continue
		}
		if v, ok := num(args, "eniAmount"); ok && t.ENIQuantity < v {
			continue
		}
		if v, ok := num(args, "minimumEniPrivateIpAddressQuantity"); ok && t.ENIPrivateIPQuantity < v {
			continue
		}
		if v, ok := num(args, "minimumEniIpv6AddressQuantity"); ok && t.ENIIpv6Quantity < v {
			continue
		}
		ids = append(ids, t.ID)
		list = append(list, obj{
			"id": t.ID, "family": t.Family, "cpuCoreCount": float64(t.CPU), "memorySize": t.MemoryGiB,
			"eniAmount": float64(t.ENIQuantity), "eniQuantity": float64(t.ENIQuantity),
			"eniPrivateIpAddressQuantity": float64(t.ENIPrivateIPQuantity), "eniIpv6AddressQuantity": float64(t.ENIIpv6Quantity),
			"availabilityZones": copyValue(zones), "price": "", "nvmeSupport": "unsupported",
			"maximumQueueNumberPerEni": float64(t.CPU), "primaryEniQueueNumber": float64(t.CPU), "secondaryEniQueueNumber": float64(t.CPU),
			"totalEniQueueQuantity": float64(t.CPU * t.ENIQuantity),
			"burstableInstance":     obj{"baselineCredit": "", "initialCredit": ""},
			"gpu":                   obj{"amount": "0", "category": ""},
			"localStorage":          obj{"amount": "0", "capacity": "0", "category": ""},
		})
	}
	if list == nil {
		list, ids = []any{}, []any{}
	}
	return obj{"ids": ids, "instanceTypes": list}, nil
}

func getIpv6Addresses(s *State, region string, args obj) obj {
	var addrs, ids, names []any
	wantIDs := strList(args, "ids")
	for _, a := range allIpv6Addresses(s, region) {
		eni := a.Eni
		assocID, assocType := eni.ID, "NetworkInterface"
		if str(eni.Internal, "role") == "Primary" {
			assocID, assocType = str(eni.Internal, "ownerInstanceId"), "EcsInstance"
		}
		if v := str(args, "vswitchId"); v != "" && v != str(eni.Attrs, "vswitchId") {
			continue
		}
		if v := str(args, "vpcId"); v != "" && v != str(eni.Internal, "vpcId") {
			continue
		}
		if v := str(args, "associatedInstanceId"); v != "" && v != eni.ID && v != str(eni.Internal, "instanceId") {
			continue
		}
		if v := str(args, "ipv6Address"); v != "" && v != a.Address {
			continue
		}
		if v := str(args, "status"); v != "" && v != "Available" {
			continue
		}
		if len(wantIDs) > 0 && !slices.Contains(wantIDs, a.ID) {
			continue
		}
		gw := ""
		for _, g := range s.of(TokenIpv6Gateway) {
			if str(g.Attrs, "vpcId") == str(eni.Internal, "vpcId") {
				gw = g.ID
			}
		}
		ids = append(ids, a.ID)
		names = append(names, "")
		addrs = append(addrs, obj{"id": a.ID, "ipv6AddressId": a.ID, "ipv6Address": a.Address, "associatedInstanceId": assocID,
			"associatedInstanceType": assocType, "createTime": str(eni.Internal, "createTime"), "ipv6AddressName": "",
			"ipv6GatewayId": gw, "networkType": "Private", "status": "Available", "vpcId": str(eni.Internal, "vpcId"),
			"vswitchId": str(eni.Attrs, "vswitchId")})
	}
	if addrs == nil {
		addrs, ids, names = []any{}, []any{}, []any{}
	}
	return obj{"addresses": addrs, "ids": ids, "names": names}
}

func getEcsNetworkInterfaces(s *State, region string, args obj) obj {
	var list, ids, names []any
	wantIDs := strList(args, "ids")
	for _, eni := range allEnis(s) {
		if eni.Region != region {
			continue
		}
		filters := map[string]string{"vswitchId": str(eni.Attrs, "vswitchId"), "vpcId": str(eni.Internal, "vpcId"),
			"instanceId": str(eni.Internal, "instanceId"), "primaryIpAddress": str(eni.Attrs, "primaryIpAddress"),
			"privateIp": str(eni.Attrs, "primaryIpAddress"), "type": str(eni.Internal, "role"),
			"networkInterfaceName": str(eni.Attrs, "networkInterfaceName")}
		skip := false
		for k, v := range filters {
			if want := str(args, k); want != "" && want != v {
				skip = true
			}
		}
		if skip || (len(wantIDs) > 0 && !slices.Contains(wantIDs, eni.ID)) {
			continue
		}
		var public []any
		for _, a := range associationsOn(s, eni.ID) {
			if eip, ok := s.Resources[str(a.Attrs, "allocationId")]; ok {
				public = append(public, obj{"publicIpAddress": str(eip.Attrs, "ipAddress")})
			}
		}
		if public == nil {
			public = []any{}
		}
		status := "Available"
		if str(eni.Internal, "instanceId") != "" {
			status = "InUse"
		}
		ids = append(ids, eni.ID)
		names = append(names, str(eni.Attrs, "networkInterfaceName"))
		list = append(list, obj{"id": eni.ID, "networkInterfaceId": eni.ID, "associatedPublicIps": public,
			"creationTime": str(eni.Internal, "createTime"), "description": str(eni.Attrs, "description"),
			"instanceId": str(eni.Internal, "instanceId"), "ipv6Sets": copyValue(eni.Attrs["ipv6Addresses"]),
			"mac": str(eni.Attrs, "mac"), "name": str(eni.Attrs, "networkInterfaceName"), "networkInterfaceName": str(eni.Attrs, "networkInterfaceName"),
			"networkInterfaceTrafficMode": str(eni.Attrs, "networkInterfaceTrafficMode"), "ownerId": "", "primaryIpAddress": str(eni.Attrs, "primaryIpAddress"),
			"privateIp": str(eni.Attrs, "primaryIpAddress"), "privateIpAddresses": copyValue(eni.Attrs["privateIpAddresses"]),
			"privateIps": copyValue(eni.Attrs["privateIpAddresses"]), "queueNumber": float64(1), "resourceGroupId": "",
			"securityGroupIds": copyValue(eni.Attrs["securityGroupIds"]), "securityGroups": copyValue(eni.Attrs["securityGroupIds"]),
			"serviceId": float64(0), "serviceManaged": false, "status": status, "tags": obj{}, "type": str(eni.Internal, "role"),
			"vpcId": str(eni.Internal, "vpcId"), "vswitchId": str(eni.Attrs, "vswitchId"), "zoneId": str(eni.Internal, "zoneId")})
	}
	if list == nil {
		list, ids, names = []any{}, []any{}, []any{}
	}
	return obj{"interfaces": list, "ids": ids, "names": names}
}

func getEipAddresses(c *call, args obj) obj {
	var list, eips, ids, names []any
	wantIDs := strList(args, "ids")
	for _, eip := range c.s.of(TokenEip) {
		if eip.Region != c.region {
			continue
		}
		refreshEip(c, eip)
		instID, instType := "", ""
		if a := associationOfEip(c.s, eip.ID); a != nil {
			instID, instType = str(a.Attrs, "instanceId"), str(a.Attrs, "instanceType")
		}
		if v := str(args, "ipAddress"); v != "" && v != str(eip.Attrs, "ipAddress") {
			continue
		}
		if v := str(args, "associatedInstanceId"); v != "" && v != instID {
			continue
		}
		if v := str(args, "status"); v != "" && v != str(eip.Attrs, "status") {
			continue
		}
		if v := str(args, "addressName"); v != "" && v != str(eip.Attrs, "addressName") {
			continue
		}
		if len(wantIDs) > 0 && !slices.Contains(wantIDs, eip.ID) {
			continue
		}
		ids = append(ids, eip.ID)
		names = append(names, str(eip.Attrs, "addressName"))
		list = append(list, obj{"id": eip.ID, "allocationId": eip.ID, "addressName": str(eip.Attrs, "addressName"),
			"ipAddress": str(eip.Attrs, "ipAddress"), "status": str(eip.Attrs, "status"), "instanceId": instID, "instanceType": instType,
			"bandwidth": fmt.Sprint(eip.Attrs["bandwidth"]), "internetChargeType": str(eip.Attrs, "internetChargeType"),
			"paymentType": str(eip.Attrs, "paymentType"), "isp": str(eip.Attrs, "isp"), "createTime": str(eip.Attrs, "createTime"),
			"deletionProtection": boolean(eip.Attrs, "deletionProtection", false), "description": str(eip.Attrs, "description"),
			"availableRegions": []any{c.region}, "bandwidthPackageBandwidth": "", "bandwidthPackageId": "", "bandwidthPackageType": "",
			"expiredTime": "", "hasReservationData": "false", "hdMonitorStatus": "OFF", "instanceRegionId": c.region,
			"operationLocks": []any{}, "reservationActiveTime": "", "reservationBandwidth": "", "reservationInternetChargeType": "",
			"reservationOrderType": "", "resourceGroupId": "", "secondLimited": false, "segmentInstanceId": "", "tags": obj{}})
		eips = append(eips, obj{"id": eip.ID, "ipAddress": str(eip.Attrs, "ipAddress"), "status": str(eip.Attrs, "status"),
			"instanceId": instID, "instanceType": instType, "bandwidth": fmt.Sprint(eip.Attrs["bandwidth"]),
			"creationTime": str(eip.Attrs, "createTime"), "deletionProtection": boolean(eip.Attrs, "deletionProtection", false),
			"internetChargeType": str(eip.Attrs, "internetChargeType")})
	}
	if list == nil {
		list, eips, ids, names = []any{}, []any{}, []any{}, []any{}
	}
	return obj{"addresses": list, "eips": eips, "ids": ids, "names": names}
}
