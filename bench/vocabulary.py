"""Vietnamese words and names the archive generator combines into press releases.

Phrases, not single syllables: Vietnamese words are mostly two syllables, and search
(with and without diacritics) should meet the same phrases a real archive has.
"""

AGENCIES: list[tuple[str, str, str]] = [
    # (name, kind, alias)
    ("Thành ủy Hà Nội", "party", "TU Hà Nội"),
    ("Hội đồng nhân dân thành phố Hà Nội", "council", "HĐND thành phố"),
    ("Ủy ban nhân dân thành phố Hà Nội", "committee", "UBND thành phố"),
    ("Ban Tuyên giáo Thành ủy", "party_board", "BTG Thành ủy"),
    ("Ban Tổ chức Thành ủy", "party_board", "BTC Thành ủy"),
    ("Ban Dân vận Thành ủy", "party_board", "BDV Thành ủy"),
    ("Ủy ban Kiểm tra Thành ủy", "party_board", "UBKT Thành ủy"),
    ("Văn phòng Thành ủy", "party_board", "VP Thành ủy"),
    ("Sở Kế hoạch và Đầu tư", "department", "Sở KH&ĐT"),
    ("Sở Tài chính", "department", "Sở TC"),
    ("Sở Xây dựng", "department", "Sở XD"),
    ("Sở Giao thông vận tải", "department", "Sở GTVT"),
    ("Sở Quy hoạch – Kiến trúc", "department", "Sở QH-KT"),
    ("Sở Tài nguyên và Môi trường", "department", "Sở TN&MT"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "department", "Sở NN&PTNT"),
    ("Sở Công Thương", "department", "Sở CT"),
    ("Sở Giáo dục và Đào tạo", "department", "Sở GD&ĐT"),
    ("Sở Y tế", "department", "Sở YT"),
    ("Sở Văn hóa và Thể thao", "department", "Sở VH&TT"),
    ("Sở Du lịch", "department", "Sở DL"),
    ("Sở Lao động – Thương binh và Xã hội", "department", "Sở LĐTB&XH"),
    ("Sở Thông tin và Truyền thông", "department", "Sở TT&TT"),
    ("Sở Khoa học và Công nghệ", "department", "Sở KH&CN"),
    ("Sở Nội vụ", "department", "Sở NV"),
    ("Sở Tư pháp", "department", "Sở TP"),
    ("Thanh tra thành phố", "department", "TTTP"),
    ("Ban Quản lý dự án đầu tư xây dựng công trình giao thông", "department", "BQLDA giao thông"),
    ("Ban Quản lý đường sắt đô thị Hà Nội", "department", "MRB"),
    ("Quận Ba Đình", "district", "UBND quận Ba Đình"),
    ("Quận Hoàn Kiếm", "district", "UBND quận Hoàn Kiếm"),
    ("Quận Tây Hồ", "district", "UBND quận Tây Hồ"),
    ("Quận Long Biên", "district", "UBND quận Long Biên"),
    ("Quận Cầu Giấy", "district", "UBND quận Cầu Giấy"),
    ("Quận Đống Đa", "district", "UBND quận Đống Đa"),
    ("Quận Hai Bà Trưng", "district", "UBND quận Hai Bà Trưng"),
    ("Quận Hoàng Mai", "district", "UBND quận Hoàng Mai"),
    ("Quận Thanh Xuân", "district", "UBND quận Thanh Xuân"),
    ("Quận Nam Từ Liêm", "district", "UBND quận Nam Từ Liêm"),
    ("Quận Bắc Từ Liêm", "district", "UBND quận Bắc Từ Liêm"),
    ("Quận Hà Đông", "district", "UBND quận Hà Đông"),
    ("Thị xã Sơn Tây", "district", "UBND thị xã Sơn Tây"),
    ("Huyện Ba Vì", "district", "UBND huyện Ba Vì"),
    ("Huyện Chương Mỹ", "district", "UBND huyện Chương Mỹ"),
    ("Huyện Đan Phượng", "district", "UBND huyện Đan Phượng"),
    ("Huyện Đông Anh", "district", "UBND huyện Đông Anh"),
    ("Huyện Gia Lâm", "district", "UBND huyện Gia Lâm"),
    ("Huyện Hoài Đức", "district", "UBND huyện Hoài Đức"),
    ("Huyện Mê Linh", "district", "UBND huyện Mê Linh"),
    ("Huyện Mỹ Đức", "district", "UBND huyện Mỹ Đức"),
    ("Huyện Phú Xuyên", "district", "UBND huyện Phú Xuyên"),
    ("Huyện Phúc Thọ", "district", "UBND huyện Phúc Thọ"),
    ("Huyện Quốc Oai", "district", "UBND huyện Quốc Oai"),
    ("Huyện Sóc Sơn", "district", "UBND huyện Sóc Sơn"),
    ("Huyện Thạch Thất", "district", "UBND huyện Thạch Thất"),
    ("Huyện Thanh Oai", "district", "UBND huyện Thanh Oai"),
    ("Huyện Thanh Trì", "district", "UBND huyện Thanh Trì"),
    ("Huyện Thường Tín", "district", "UBND huyện Thường Tín"),
    ("Huyện Ứng Hòa", "district", "UBND huyện Ứng Hòa"),
    ("Bộ Kế hoạch và Đầu tư", "central", "Bộ KH&ĐT"),
    ("Bộ Xây dựng", "central", "Bộ XD"),
]

FAMILY_NAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đào", "Trịnh", "Lương",
]  # fmt: skip
MIDDLE_NAMES = [
    "Văn", "Thị", "Đức", "Minh", "Quang", "Thanh", "Hữu", "Xuân", "Ngọc", "Thu",
    "Mạnh", "Anh", "Trọng", "Đình", "Thế", "Kim", "Hồng", "Quốc", "Tuấn", "Bích",
]  # fmt: skip
GIVEN_NAMES = [
    "Hằng", "Hùng", "Dũng", "Hải", "Tuấn", "Lan", "Hương", "Sơn", "Thắng", "Phong",
    "Cường", "Quân", "Thủy", "Hà", "Trung", "Nam", "Bình", "Khánh", "Long", "Đạt",
    "Hiếu", "Thảo", "Vinh", "Nga", "Tâm", "Phúc", "Quỳnh", "Huy", "Việt", "Linh",
]  # fmt: skip

POSITIONS = [
    "Bí thư", "Phó Bí thư", "Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc",
    "Trưởng ban", "Phó Trưởng ban", "Chánh Văn phòng", "Ủy viên Ban Thường vụ",
]  # fmt: skip

PROGRAMME_TOPICS = [
    "Phát triển đồng bộ kết cấu hạ tầng đô thị",
    "Đẩy mạnh cải cách hành chính, xây dựng chính quyền điện tử",
    "Phát triển văn hóa, xây dựng người Hà Nội thanh lịch, văn minh",
    "Xây dựng nông thôn mới gắn với đô thị hóa",
    "Bảo vệ môi trường, xử lý ô nhiễm không khí và nguồn nước",
    "Nâng cao chất lượng giáo dục và đào tạo nguồn nhân lực",
    "Chăm sóc sức khỏe nhân dân, phát triển y tế cơ sở",
    "Phát triển kinh tế số và chuyển đổi số",
    "Chỉnh trang đô thị, cải tạo chung cư cũ",
    "Phát triển du lịch, dịch vụ và thương mại",
    "Giảm nghèo bền vững, bảo đảm an sinh xã hội",
    "Phòng, chống tham nhũng, lãng phí",
    "Bảo đảm trật tự an toàn giao thông",
    "Phát triển giao thông công cộng và đường sắt đô thị",
]

SUBJECTS = [
    "Ủy ban nhân dân thành phố", "Thường trực Thành ủy", "Ban Thường vụ Thành ủy", "Sở Kế hoạch và Đầu tư",
    "Sở Xây dựng", "lãnh đạo thành phố", "đoàn công tác", "các sở, ban, ngành", "chính quyền địa phương",
    "ban quản lý dự án", "Hội đồng nhân dân thành phố", "cơ quan chức năng", "các quận, huyện, thị xã",
    "Ủy ban Mặt trận Tổ quốc", "nhà đầu tư", "doanh nghiệp", "người dân", "cán bộ, công chức",
]  # fmt: skip
VERBS = [
    "đẩy nhanh tiến độ", "kiểm tra", "triển khai", "hoàn thành", "khởi công", "tổng kết", "đánh giá",
    "chỉ đạo", "rà soát", "tháo gỡ vướng mắc", "giải phóng mặt bằng", "phê duyệt", "điều chỉnh",
    "thúc đẩy", "tăng cường", "đôn đốc", "thực hiện", "xây dựng", "cải tạo", "nâng cấp", "bàn giao",
    "tiếp nhận", "đối thoại", "tuyên truyền", "hướng dẫn", "quyết liệt triển khai", "lấy ý kiến",
]  # fmt: skip
# What articles are about: each article has one topic and most of its sentences mention it, so a
# phrase such as "dự án trọng điểm" is in a few per cent of the archive, as in a real one.
OBJECTS = [
    "dự án trọng điểm", "công trình giao thông", "đường vành đai 4", "tuyến đường sắt đô thị",
    "cầu Trần Hưng Đạo", "khu tái định cư", "nhà ở xã hội", "trường học", "bệnh viện",
    "kế hoạch đầu tư công", "vốn đầu tư công", "thủ tục hành chính", "chính quyền điện tử",
    "chuyển đổi số", "nông thôn mới", "chung cư cũ", "hệ thống thoát nước", "cây xanh đô thị",
    "di tích lịch sử", "lễ hội truyền thống", "an toàn thực phẩm", "phòng cháy chữa cháy",
    "vệ sinh môi trường", "chất lượng không khí", "hạ tầng kỹ thuật", "quy hoạch phân khu",
    "ngân sách thành phố", "thu hút đầu tư", "làng nghề truyền thống", "sản phẩm OCOP",
    "bảo hiểm y tế", "tiêm chủng mở rộng", "an sinh xã hội", "người có công", "hộ nghèo",
    "kỳ thi tuyển sinh lớp 10", "năm học mới", "giải ngân vốn", "cải cách hành chính",
    "dịch vụ công trực tuyến", "xe buýt điện", "bãi đỗ xe", "hồ điều hòa", "đê sông Hồng",
    "nhà máy xử lý rác thải", "trạm bơm tiêu úng", "nước sạch nông thôn", "chợ dân sinh",
    "khu công nghiệp", "cụm công nghiệp", "doanh nghiệp nhỏ và vừa", "khởi nghiệp sáng tạo",
    "xuất khẩu nông sản", "thương mại điện tử", "bình ổn giá", "hàng Việt Nam",
    "du lịch văn hóa", "phố đi bộ", "khu phố cổ", "Hoàng thành Thăng Long", "bảo tàng",
    "thư viện", "nhà văn hóa", "sân vận động", "thể thao quần chúng", "SEA Games",
    "y tế cơ sở", "trạm y tế xã", "phòng chống dịch bệnh", "sốt xuất huyết", "khám chữa bệnh",
    "người cao tuổi", "trẻ em có hoàn cảnh khó khăn", "người khuyết tật", "giải quyết việc làm",
    "đào tạo nghề", "bảo hiểm xã hội", "tiền lương tối thiểu", "an toàn lao động",
    "đất đai", "giải phóng mặt bằng", "cấp giấy chứng nhận quyền sử dụng đất", "đấu giá đất",
    "trật tự xây dựng", "vi phạm hành lang giao thông", "ùn tắc giao thông", "tai nạn giao thông",
    "an ninh trật tự", "phòng chống ma túy", "tiếp công dân", "giải quyết khiếu nại",
    "kỷ luật đảng viên", "công tác cán bộ", "bầu cử đại biểu", "kỳ họp Hội đồng nhân dân",
    "nghị quyết chuyên đề", "chương trình công tác năm", "sơ kết sáu tháng", "thi đua khen thưởng",
    "phong trào Toàn dân đoàn kết", "quỹ Vì người nghèo", "cứu trợ thiên tai", "phòng chống lụt bão",
    "mùa mưa bão", "nắng nóng kéo dài", "cấp điện mùa hè", "tiết kiệm điện",
    "rau an toàn", "chăn nuôi gia súc", "dịch tả lợn châu Phi", "trồng cây xanh",
    "công viên", "vườn hoa", "không gian công cộng", "chiếu sáng đô thị", "biển quảng cáo",
    "số hóa hồ sơ", "cơ sở dữ liệu dân cư", "căn cước công dân", "đề án 06",
    "hợp tác quốc tế", "thành phố kết nghĩa", "vốn ODA", "trái phiếu chính quyền địa phương",
]  # fmt: skip
PLACES = [
    "trên địa bàn thành phố", "tại quận Hoàn Kiếm", "tại huyện Đông Anh", "ở quận Long Biên",
    "tại huyện Sóc Sơn", "tại quận Hà Đông", "ở huyện Gia Lâm", "tại thị xã Sơn Tây",
    "khu vực nội đô", "vùng ven đô", "tại huyện Ba Vì", "ở quận Cầu Giấy", "dọc sông Tô Lịch",
    "khu vực phía Tây", "tại huyện Mê Linh", "tại quận Thanh Xuân",
]  # fmt: skip
TIMES = [
    "trong năm nay", "trước ngày 30/6", "trong quý IV", "giai đoạn 2021–2025", "từ đầu năm",
    "trong tháng tới", "đến hết năm 2025", "trong thời gian tới", "ngay trong tuần", "trước Tết Nguyên đán",
]  # fmt: skip
CONNECTORS = [
    "Theo báo cáo,", "Tại buổi làm việc,", "Phát biểu kết luận,", "Cũng theo kế hoạch,", "Bên cạnh đó,",
    "Đáng chú ý,", "Trong khi đó,", "Tuy nhiên,", "Ngoài ra,", "Cùng với đó,", "Để bảo đảm tiến độ,",
    "Theo số liệu thống kê,", "Trao đổi với phóng viên,", "Về lâu dài,",
]  # fmt: skip
EXTRAS = [
    "bảo đảm chất lượng", "đúng quy định", "công khai, minh bạch", "hiệu quả, thiết thực",
    "phù hợp thực tiễn", "lấy người dân làm trung tâm", "không để chậm trễ", "đồng bộ, hiện đại",
    "tiết kiệm, chống lãng phí", "an toàn tuyệt đối", "với tinh thần trách nhiệm cao", "theo đúng lộ trình",
    "đáp ứng yêu cầu phát triển", "góp phần nâng cao đời sống nhân dân", "tạo động lực tăng trưởng",
]  # fmt: skip
FIGURES = [
    "tỷ đồng",
    "km",
    "ha",
    "hộ dân",
    "học sinh",
    "dự án",
    "công trình",
    "thủ tục",
    "lượt khách",
    "doanh nghiệp",
]
CAPTIONS = [
    "Quang cảnh buổi làm việc.",
    "Lãnh đạo thành phố kiểm tra thực địa công trình.",
    "Công nhân thi công trên công trường.",
    "Toàn cảnh hội nghị.",
    "Người dân làm thủ tục tại bộ phận một cửa.",
    "Đại biểu dự lễ khởi công.",
]
