-- Names Delta refuses as they are: punctuation and spaces, snapshot_date, and tables whose names
-- differ only in case (lower_case_table_names = 0, the default on Linux).
CREATE TABLE `order lines` (
  id INT PRIMARY KEY,
  `unit price` DECIMAL(10,2),
  `a,b;c{d}(e)=f` TEXT,
  `Snapshot_Date` DATE,
  `Tab	Name` TEXT
) DEFAULT CHARSET=utf8mb4;
INSERT INTO `order lines` VALUES (1, 9.99, 'punct', '2015-06-05', 'tab'), (2, 0.5, NULL, NULL, NULL);
CREATE TABLE `T` (id INT PRIMARY KEY, label VARCHAR(20));
CREATE TABLE `t` (id INT PRIMARY KEY, label VARCHAR(20), `T id` INT, FOREIGN KEY (`T id`) REFERENCES `T` (id));
INSERT INTO `T` VALUES (1, 'upper one'), (2, 'upper two');
INSERT INTO `t` VALUES (1, 'lower one', 2), (5, 'lower five', NULL);
