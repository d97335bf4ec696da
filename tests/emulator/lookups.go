package emulator

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// image is one public image of the emulated image catalog.
type image struct {
	ID, OSName, Platform, Arch, Created string
	SizeGiB                             int
}

// images are the system images every emulated region offers, the newest of each family last.
var images = []image{
	{"ubuntu_22_04_x64_20G_alibase_20240508.vhd", "Ubuntu  22.04 64 bit", "Ubuntu", "x86_64", "2024-05-08T07:00:00Z", 20},
	{"ubuntu_22_04_x64_20G_alibase_20240926.vhd", "Ubuntu  22.04 64 bit", "Ubuntu", "x86_64", "2024-09-26T07:00:00Z", 20},
	{"ubuntu_24_04_x64_20G_alibase_20240926.vhd", "Ubuntu  24.04 64 bit", "Ubuntu", "x86_64", "2024-09-26T08:00:00Z", 20},
	{"debian_12_7_x64_20G_alibase_20240927.vhd", "Debian  12.7 64 bit", "Debian", "x86_64", "2024-09-27T07:00:00Z", 20},
	{"aliyun_3_x64_20G_alibase_20240819.vhd", "Alibaba Cloud Linux  3.2104 LTS 64 bit", "Aliyun", "x86_64", "2024-08-19T07:00:00Z", 20},
	{"ubuntu_22_04_arm64_20G_alibase_20240926.vhd", "Ubuntu  22.04 64 bit ARM", "Ubuntu", "arm64", "2024-09-26T09:00:00Z", 20},
}

// getZones answers alicloud getZones: the emulated zones of the region. With
// availableInstanceType, only zones offering that type (every zone for an emulated type, none
// for any other, which the emulator refuses to create).
func (e *Emulator) getZones(args obj) obj {
	var typeIDs []any
	for _, t := range instanceTypes {
		typeIDs = append(typeIDs, t.ID)
	}
	if want := str(args, "availableInstanceType"); want != "" && !slices.ContainsFunc(instanceTypes, func(t InstanceType) bool { return t.ID == want }) {
		return obj{"ids": []any{}, "zones": []any{}}
	}
	ids, zones := []any{}, []any{}
	for _, l := range zoneLetters {
		id := e.region + "-" + l
		ids = append(ids, id)
		zones = append(zones, obj{"id": id, "localName": id, "availableInstanceTypes": copyValue(typeIDs),
			"availableResourceCreations": []any{"Instance", "VSwitch", "Disk"},
			"availableDiskCategories":    []any{"cloud_efficiency", "cloud_ssd", "cloud_essd"},
			"multiZoneIds":               []any{}, "slbSlaveZoneIds": []any{}})
	}
	return obj{"ids": ids, "zones": zones}
}

// getImages answers ecs getImages over the image catalog: nameRegex (Go syntax, close to
// the provider's), owners (only "system" images exist), architecture, osType, and
// mostRecent, which keeps the newest match.
func getImages(args obj) (obj, error) {
	var re *regexp.Regexp
	if v := str(args, "nameRegex"); v != "" {
		var err error
		if re, err = regexp.Compile(v); err != nil {
			return nil, fmt.Errorf("InvalidParameter.NameRegex: nameRegex %q is not a regular expression: %v", v, err)
		}
	}
	var found []image
	for _, im := range images {
		if re != nil && !re.MatchString(im.ID) {
			continue
		}
		if v := str(args, "owners"); v != "" && v != "system" {
			continue
		}
		if v := str(args, "architecture"); v != "" && v != im.Arch {
			continue
		}
		if v := str(args, "osType"); v != "" && v != "linux" {
			continue
		}
		found = append(found, im)
	}
	slices.SortStableFunc(found, func(a, b image) int { return strings.Compare(b.Created, a.Created) })
	if boolean(args, "mostRecent", false) && len(found) > 1 {
		found = found[:1]
	}
	ids, list := []any{}, []any{}
	for _, im := range found {
		ids = append(ids, im.ID)
		list = append(list, obj{"id": im.ID, "imageId": im.ID, "name": im.ID, "architecture": im.Arch,
			"creationTime": im.Created, "description": "", "diskDeviceMappings": []any{}, "imageOwnerAlias": "system",
			"imageVersion": "", "isCopied": false, "isSelfShared": "", "isSubscribed": false, "isSupportIoOptimized": true,
			"osName": im.OSName, "osNameEn": im.OSName, "osType": "linux", "platform": im.Platform, "productCode": "",
			"progress": "100%", "size": float64(im.SizeGiB), "state": "Available", "status": "Available", "tags": obj{},
			"usage": "instance"})
	}
	return obj{"ids": ids, "images": list}, nil
}
