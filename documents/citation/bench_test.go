package citation

import "testing"

// benchText is a paragraph of about 2 KB in the style of a provincial
// "Thông báo kết luận" that cites several documents.
const benchText = `Thực hiện Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; Kết luận số 21-KL/TW khóa XIII về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; Quy định 124-QĐ/TW ngày 04/10/2023 về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân trong hệ thống chính trị, Thường trực Tỉnh ủy kết luận như sau:
1. Các cấp ủy, tổ chức đảng tiếp tục quán triệt Nghị quyết Trung ương 4 (khóa XII), Nghị quyết số 18-NQ/TW, Nghị quyết số 19-NQ/TW, ngày 25/10/2017 của Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII; xây dựng Kế hoạch 5 năm 2021-2025 bảo đảm đồng bộ với Kế hoạch số 212-KH/TU và Đề án số 01-ĐA/TU của Tỉnh ủy.
2. Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Ban Tuyên giáo và Dân vận Tỉnh ủy hướng dẫn thực hiện Quy chế số 05-QC/BTCTU-BDVTU; rà soát các văn bản theo Hướng dẫn số 36-HD/VPTW và Quy định 22-QĐ/TƯ; báo cáo kết quả trước ngày 30/11/2025.
3. Đảng ủy Ủy ban nhân dân tỉnh lãnh đạo triển khai Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư, Thông tư 05/2023/TT-BNV, Quyết định số 439/QĐ-TTg và Công văn số 4021/VPCP-CN; thực hiện nghiêm Luật số 85/2015/QH13 và Đề án 5155 về chuyển đổi số.
4. Các Đảng ủy xã, phường thực hiện Số 09 KH/ĐU; chi thi 28 – CT / TW; Quy định số 34-QĐi/TU; tổng hợp kết quả gửi về Văn phòng Tỉnh ủy (qua phòng Tổng hợp) trước ngày 15 tháng 12 năm 2025 để tổng hợp, báo cáo Ban Thường vụ Tỉnh ủy theo Thông báo số 15-TB/TU.
Nơi nhận: như trên; lưu Văn phòng Tỉnh ủy.`

func BenchmarkExtract(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	for b.Loop() {
		Extract(benchText)
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Parse("Chỉ thị số 28-CT/TW")
	}
}

func TestBenchTextRefs(t *testing.T) {
	want := []string{
		"05-CT/TW", "21-KL/TW", "124-QĐ/TW", "HNTW4-XII", "18-NQ/TW", "19-NQ/TW", "HNTW6-XII",
		"212-KH/TU", "01-ĐA/TU", "05-QC/BTCTU-BDVTU", "36-HD/VPTW", "22-QĐ/TW",
		"30/2020/NĐ-CP", "05/2023/TT-BNV", "439/QĐ-TTg", "4021/VPCP-CN", "85/2015/QH13", "Đề án 5155",
		"09-KH/ĐU", "28-CT/TW", "34-QĐi/TU", "15-TB/TU",
	}
	got := displays(Extract(benchText))
	if len(got) != len(want) {
		t.Fatalf("Extract(benchText) = %q,\nwant %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ref %d = %q, want %q", i, got[i], want[i])
		}
	}
}
